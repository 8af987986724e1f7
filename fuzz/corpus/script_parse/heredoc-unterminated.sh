kubectl apply -f - <<'EOF'
kind: Service
