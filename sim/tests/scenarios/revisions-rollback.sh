# §12: every template change is a ControllerRevision; rollout undo writes an older template back.
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
kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.21
kubectl rollout status sts/web
kubectl rollout history sts/web
kubectl get controllerrevisions
kubectl rollout undo sts/web
kubectl rollout status sts/web
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[0].image}{"\n"}{end}'
kubectl rollout undo sts/web --to-revision=1
kubectl rollout undo sts/web --to-revision=9
kubectl rollout restart sts/web
kubectl rollout status sts/web
kubectl get sts web -o jsonpath='{.status.currentRevision} {.status.updateRevision}'
