# The demo base image: nothing can be pulled from outside here, so it is a busybox root filesystem imported
# with the settings a CUDA runtime image carries, plus stand-ins for pip and python, pushed to the local registry.

FARM_BASE_IMAGE=localhost:5000/demo/cuda:12.1-runtime

FARM_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# seed_base_image DOCKER_HOST: builds, imports and pushes the base unless the registry already holds it.
seed_base_image() {
    local host=$1 rootfs tar
    if registry_has demo/cuda 12.1-runtime; then
        log "registry already holds $FARM_BASE_IMAGE"
        return 0
    fi
    log "seeding $FARM_BASE_IMAGE"
    rootfs=$(mktemp -d)
    tar="$rootfs.tar"
    make_rootfs "$rootfs"
    tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$tar" .
    docker_cli "$host" import \
        --change 'ENV PATH=/usr/local/bin:/bin' \
        --change 'ENV CUDA_VERSION=12.1.0' \
        --change 'ENV NVIDIA_VISIBLE_DEVICES=all' \
        --change 'ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility' \
        --change 'ENV NVIDIA_REQUIRE_CUDA=cuda>=12.1' \
        --change 'WORKDIR /' \
        --change 'CMD ["/bin/sh"]' \
        "$tar" "$FARM_BASE_IMAGE" >/dev/null
    rm -rf "$rootfs" "$tar"
    docker_cli "$host" push "$FARM_BASE_IMAGE" >/dev/null
    registry_has demo/cuda 12.1-runtime || die "push of $FARM_BASE_IMAGE did not reach the registry"
    log "pushed $FARM_BASE_IMAGE"
}

make_rootfs() {
    local root=$1 applet
    mkdir -p "$root"/{bin,etc,tmp,root,usr/local/bin,usr/local/cuda/lib64,var/tmp}
    chmod 1777 "$root/tmp" "$root/var/tmp"
    cp /bin/busybox "$root/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [[ -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"
    done
    install -m 755 "$FARM_LIB_DIR/base-image/pip" "$root/usr/local/bin/pip"
    install -m 755 "$FARM_LIB_DIR/base-image/python" "$root/usr/local/bin/python"
    printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
    printf 'root:x:0:\n' >"$root/etc/group"
    printf '12.1.0\n' >"$root/usr/local/cuda/version.txt"
}
