kubectl scale sts web --replicas=5
