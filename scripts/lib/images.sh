# Sourced by scripts/image.sh, scripts/release.sh and scripts/image-release-selftest.sh: the image tags of the prod
# overlay (k8s/overlays/prod/images.yaml, one ImageTagTransformer per service).
IMAGE_REGISTRY=ghcr.io/scalableapi

# image_modules FILE: the modules that have an image, one a line.
image_modules() { sed -n "s|^ *name: $IMAGE_REGISTRY/\([a-z0-9-]*\) *\$|\1|p" "$1"; }

# image_tag FILE MODULE: the module's pinned tag.
image_tag() {
  awk -v img="$IMAGE_REGISTRY/$2" '/^---/ { on = 0 } $1 == "name:" && $2 == img { on = 1 }
    on && $1 == "newTag:" { print $2; exit }' "$1"
}

# bump_image_tag FILE MODULE VERSION: sets the newTag of MODULE's ImageTagTransformer, exactly that line.
bump_image_tag() {
  local file=$1 img="$IMAGE_REGISTRY/$2" version=$3 out
  out=$(awk -v img="$img" -v ver="$version" '
    /^---/ { on = 0 }
    $1 == "name:" && $2 == img { on = 1 }
    on && $1 == "newTag:" { sub(/newTag:.*/, "newTag: " ver); n++; on = 0 }
    { print }
    END { exit n == 1 ? 0 : 1 }' "$file") || { echo "no single newTag for $img in $file" >&2; return 1; }
  printf '%s\n' "$out" >"$file"
}
