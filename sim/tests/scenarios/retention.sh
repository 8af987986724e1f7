# §11.9: persistentVolumeClaimRetentionPolicy — whenScaled: Delete removes claims of removed ordinals;
# whenDeleted: Retain keeps the rest when the set goes. (Retain/Retain is in statefulset-basics.)
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
    whenDeleted: Retain
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
kubectl scale sts web --replicas=1
kubectl get pods -w
kubectl get pvc
kubectl patch sts web -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete","whenScaled":"Retain"}}}'
kubectl scale sts web --replicas=2
kubectl rollout status sts/web
kubectl get pvc www-web-1 -o jsonpath='{.metadata.ownerReferences[*].kind}'
kubectl delete sts web
sim settle
kubectl get pvc
