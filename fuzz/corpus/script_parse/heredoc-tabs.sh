kubectl apply -f - <<-EOF
	apiVersion: v1
	kind: Service
	metadata:
	  name: nginx
EOF
kubectl get svc
