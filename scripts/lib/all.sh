# Sources every helper; scripts/up.sh and scripts/test.sh start with this.
FARM_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for part in common packages dockerd registry rabbitmq postgres images demo farm testenv; do
    # shellcheck source=/dev/null
    source "$FARM_LIB/$part.sh"
done
unset part
