# §11.9: retention Delete/Delete — claims of removed ordinals go on scale-down, the rest when the set is deleted;
# the claims carry owner references (to the pod when scaling, to the set when deleting).
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
  persistentVolumeClaimRetentionPolicy:
    whenScaled: Delete
    whenDeleted: Delete
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
kubectl get pvc www-web-2 -o jsonpath='{.metadata.ownerReferences[*].kind}'
kubectl scale sts web --replicas=1
kubectl get pvc -w
kubectl delete sts web
kubectl get pvc -w
kubectl get pv
