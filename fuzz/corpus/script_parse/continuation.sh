kubectl get pods \
  -l app=nginx \
  -o wide
# a comment

sim settle --timeout=2m
