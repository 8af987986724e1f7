# Force deletion skips the grace period (with kubectl's warning); a claim held by a finalizer stays
# Terminating until the finalizer goes (§11).
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
kubectl rollout status sts/web
kubectl delete pod web-1 --force --grace-period=0
kubectl get pods
kubectl rollout status sts/web
kubectl scale sts web --replicas=1
kubectl rollout status sts/web
sim pvc www-web-1 hold
kubectl delete pvc www-web-1 --wait=false
kubectl get pvc
kubectl describe pvc www-web-1
sim pvc www-web-1 release
kubectl wait --for=delete pvc/www-web-1 --timeout=30s
kubectl get pvc
