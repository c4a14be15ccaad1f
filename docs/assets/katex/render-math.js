// Render the math that pymdownx.arithmatex marks (\( \) inline, \[ \] display),
// on first load and after every instant navigation. Only .arithmatex elements are
// searched, so a dollar sign in ordinary text is never mistaken for math.
document$.subscribe(() => {
  for (const element of document.querySelectorAll(".arithmatex")) {
    renderMathInElement(element, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  }
});
