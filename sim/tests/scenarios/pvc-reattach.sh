# §11: a replacement pod reattaches its claim; files on the volume survive, others do not.
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
kubectl exec web-1 -- sh -c 'echo hello > /usr/share/nginx/html/index.html'
kubectl exec web-1 -- sh -c 'echo scratch > /tmp/note'
kubectl exec web-1 -- ls /usr/share/nginx/html
kubectl delete pod web-1
kubectl wait --for=condition=Ready pod/web-1
kubectl exec web-1 -- cat /usr/share/nginx/html/index.html
kubectl exec web-1 -- cat /tmp/note
kubectl get pod web-1 -o jsonpath='{.spec.volumes[0].persistentVolumeClaim.claimName}'
