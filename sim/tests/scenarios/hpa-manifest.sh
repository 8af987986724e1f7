# An autoscaling/v2 manifest: server defaults and validation, a replica count
# outside [minReplicas, maxReplicas] corrected at once, a short scale-down
# window from spec.behavior, and FailedGetScale once the target is gone.
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 1
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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: web
  minReplicas: 2
  maxReplicas: 5
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 60
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 30
EOF
kubectl get all
sleep 20
kubectl get hpa -o yaml
kubectl get horizontalpodautoscalers.autoscaling
kubectl describe hpa
kubectl apply -f - <<'EOF'
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: web
  minReplicas: 3
  maxReplicas: 5
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 30
EOF
sleep 30
kubectl get hpa,sts
sim load sts/web 400
sleep 60
kubectl get hpa,sts
sim load sts/web 0
sleep 45
kubectl get hpa,sts
kubectl scale sts web --replicas=8
sleep 20
kubectl get hpa,sts
kubectl autoscale sts web --max=4
kubectl autoscale deployment nothere --max=4
kubectl delete sts web
sleep 20
kubectl get events --field-selector involvedObject.kind=HorizontalPodAutoscaler
kubectl delete hpa web
