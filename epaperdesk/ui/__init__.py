"""The desktop application: main window, page canvas, frame tools, undo. The only package
that imports QtWidgets; it follows the model and changes it only through edits."""
