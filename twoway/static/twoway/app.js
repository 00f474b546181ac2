// After htmx swaps in a part of a page, move the focus to the message it carries
// (marked data-focus-after-swap), so a screen reader announces what happened.
// The autofocus attribute is not used for this: the browser and htmx would each
// act on it, and the browser's later focus could take the caret back from a field
// the person had already moved on to.
document.addEventListener("htmx:afterSettle", function () {
  const message = document.querySelector("[data-focus-after-swap]");
  if (message) {
    message.removeAttribute("data-focus-after-swap");
    message.focus();
  }
});
