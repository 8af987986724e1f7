# §14: OnDelete — a template change updates nothing until you delete pods yourself.
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
  updateStrategy:
    type: OnDelete
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
kubectl get pods -w
kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.21
sleep 10
kubectl get pods -o jsonpath='{.items[*].spec.containers[0].image}'
kubectl rollout status sts/web
kubectl delete pod web-1
kubectl wait --for=condition=Ready pod/web-1
kubectl get pods -o jsonpath='{.items[*].spec.containers[0].image}'
kubectl get sts web -o jsonpath='{.status.currentReplicas} {.status.updatedReplicas}'
