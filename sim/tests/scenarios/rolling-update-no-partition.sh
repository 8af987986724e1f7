# §1.2/§13.7: `type: RollingUpdate` written without a rollingUpdate block keeps the block absent, so
# kubectl rollout status reports revisions ("statefulset rolling update complete … at revision …").
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
  updateStrategy:
    type: RollingUpdate
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
kubectl get sts web -o jsonpath='{.spec.updateStrategy}'
kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.21
kubectl rollout status sts/web
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.labels.controller-revision-hash}{"\n"}{end}'
