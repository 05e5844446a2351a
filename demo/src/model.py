def build_model(name: str) -> str:
    return f"<{name}>"
