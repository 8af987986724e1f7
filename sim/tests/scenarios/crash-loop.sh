# A container that keeps exiting: RESTARTS climbs, kubelet backs off (CrashLoopBackOff), the cluster never
# becomes quiet, so `sim settle` stops at its timeout with an error (§4); OrderedReady waits at web-0 (§7).
sim image registry.k8s.io/nginx-slim:0.24 crash
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
  replicas: 2
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
sleep 60
kubectl get pods
kubectl get sts web
sim settle --timeout=2m
kubectl get pods
kubectl describe pod web-0
sim image registry.k8s.io/nginx-slim:0.24 ok
kubectl delete pod web-0
kubectl rollout status sts/web
