# HorizontalPodAutoscaler on a StatefulSet: it scales through the scale
# subresource, the StatefulSet controller keeps its order (§7, §8), and
# scale-down waits for the 300 s stabilization window.
kubectl apply -f - <<'EOF'
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
---
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
kubectl autoscale statefulset web --min=2 --max=10 --cpu-percent=50
kubectl get hpa
# 200 % of one pod's request over 2 ready pods: 100 % each, twice the target.
sim load sts/web 200
sleep 15
kubectl get hpa
kubectl get pods -w
kubectl get hpa web
# The load drops: 40 % over 4 pods is 10 % each. The recommendation is 2,
# but 4 was recommended within the last 300 s.
sim load sts/web 40
sleep 120
kubectl get hpa
kubectl get pods
sleep 180
kubectl get pods -w
kubectl get pvc
kubectl describe hpa web
kubectl get events --field-selector involvedObject.kind=HorizontalPodAutoscaler
kubectl delete hpa web
kubectl get hpa
