# Nodes: cordon, drain and a node going down (§5, §10).
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
kubectl get nodes
kubectl get pods -o wide
kubectl cordon node-1
kubectl cordon node-1
kubectl get nodes
kubectl drain node-2 --ignore-daemonsets
kubectl get pods -o wide
kubectl uncordon node-1
sim node node-3 down
sleep 60
kubectl get nodes
kubectl get pods -o wide
sim node node-3 up
sim settle
kubectl get pods
