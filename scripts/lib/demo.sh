# The demo git repository a newcomer builds in one click, made from the demo/ template in this checkout.

FARM_DEMO_TEMPLATE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../demo" && pwd)

# Fixed author and dates make the demo commit's id the same on every machine.
demo_git() {
    GIT_AUTHOR_NAME="BuildFarm Demo" GIT_AUTHOR_EMAIL="demo@buildfarm.invalid" \
    GIT_COMMITTER_NAME="BuildFarm Demo" GIT_COMMITTER_EMAIL="demo@buildfarm.invalid" \
    GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z" \
        git -c init.defaultBranch=main -c commit.gpgsign=false "$@"
}

# make_demo_repo DIR: creates the repository once; an existing one is left as it is, since a user may be editing it.
make_demo_repo() {
    local dir=$1
    if git -C "$dir" rev-parse --verify -q HEAD >/dev/null 2>&1; then
        log "demo repository already at $dir"
        return 0
    fi
    log "creating demo repository at $dir"
    mkdir -p "$dir"
    cp -a "$FARM_DEMO_TEMPLATE/." "$dir/"
    demo_git -C "$dir" init -q
    demo_git -C "$dir" add -A
    demo_git -C "$dir" commit -q -m "Demo ML image: CUDA runtime base, Python dependencies, training code"
}
