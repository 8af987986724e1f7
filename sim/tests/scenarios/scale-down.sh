# §8: scale-down removes the highest ordinal first, one at a time; claims stay (§11).
# §8.2: while a kept pod (web-0) is unhealthy, OrderedReady scale-down deletes nothing.
kubectl apply -f - <<EOF
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
  replicas: 4

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
kubectl rollout status sts/web
sim readiness pod/web-0 fail
kubectl scale sts web --replicas=1
sleep 20
kubectl get pods
sim readiness pod/web-0 pass
kubectl get pods -w
kubectl get pvc
kubectl get sts web -o jsonpath='{.status.replicas} {.status.readyReplicas}'
