echo "unbalanced
