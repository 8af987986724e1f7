kubectl get pods | grep web
