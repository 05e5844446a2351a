"""Trains the demo model; the farm only builds the image, it never runs this."""
from model import build_model


def main() -> None:
    model = build_model("resnet18")
    print(f"training {model}")


if __name__ == "__main__":
    main()
