// The sync details view's one script (loaded with the page's nonce): a click on an action button
// posts { type, syncId, schema? } to the extension, which checks it before running the command.
// It reads only the button's own data attributes and builds no HTML.
(function () {
  'use strict';
  /* global acquireVsCodeApi, document */
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', function (event) {
    const target = event.target;
    const button = target && target.closest ? target.closest('button[data-action]') : null;
    if (!button) return;
    const message = { type: button.dataset.action, syncId: button.dataset.sync };
    if (button.dataset.schema !== undefined) message.schema = button.dataset.schema;
    vscode.postMessage(message);
  });
})();
