# §18: a rollout to an image that never becomes ready is stuck; reverting is not enough until the broken pod is deleted.
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
  replicas: 3

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
sim image registry.k8s.io/nginx-slim:broken pull-error
kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:broken
kubectl rollout status sts/web --timeout=30s
kubectl get pods
kubectl rollout undo sts/web
sleep 20
kubectl get pods
kubectl get sts web -o jsonpath='{.status.replicas} {.status.readyReplicas} {.status.currentReplicas} {.status.updatedReplicas}'
kubectl delete pod web-2
kubectl rollout status sts/web
