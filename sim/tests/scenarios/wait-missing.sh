# kubectl wait on objects that do not exist: every condition except
# --for=delete fails at once with the API server's NotFound (exit 1);
# --for=delete succeeds at once; a pod deleted and recreated by its
# StatefulSet is found under the same name; --for=create waits for it.
kubectl apply -f - <<'EOF2'
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
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
EOF2
# web-1 is not created until web-0 is Ready (OrderedReady).
kubectl wait --for=condition=Ready pod/web-1 --timeout=60s
kubectl wait --for=create pod/web-1 --timeout=60s
kubectl wait --for=condition=Ready pod/web-1 --timeout=60s
kubectl wait --for=condition=Ready pod/web-9 --timeout=60s
kubectl wait --for=jsonpath='{.status.phase}'=Running pod/web-9
kubectl wait --for=condition=Ready statefulset/db --timeout=5s
kubectl wait --for=delete pod/web-9 --timeout=60s
kubectl delete pod web-0
kubectl wait --for=condition=Ready pod/web-0 --timeout=60s
kubectl rollout pause statefulset/web
kubectl rollout pause pod/web-0
