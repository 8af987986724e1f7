sim node node-1 down
sim image nginx:bad pull-error
sim pvc www-web-0 hold
sim seed 7
sleep 500ms
kubectl rollout status sts/web --timeout=30s
kubectl rollout undo sts/web --to-revision=1
kubectl delete pod web-0 web-1 --grace-period=0 --force --wait=false
kubectl delete sts web --cascade=orphan
kubectl wait --for=condition=Ready pod/web-0 --timeout=1m
kubectl run dns --rm -i --image=busybox --restart=Never -- nslookup web-0.nginx
kubectl cordon node-2
kubectl drain node-2
kubectl set image sts/web nginx=nginx:1.27
kubectl describe sts web
kubectl get sts web -o yaml
kubectl get pvc -w
