# §5.3/§6: minReadySeconds. A pod is available minReadySeconds after its Ready transition (counted
# from the whole second, §5.3), and the controller only looks again when a requeue fires: client-go's
# delaying queue keeps one pending requeue per set, the earliest, so web-2 (web-1 Ready at 16.2 s,
# available from 21 s) is created by the requeue at 25 s, not at 21 s.
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
EOF
kubectl apply -f - <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  minReadySeconds: 5
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
EOF
sleep 24
kubectl get pods
kubectl get sts web -o jsonpath='{.status.readyReplicas} {.status.availableReplicas}'
sleep 2
kubectl get pods
