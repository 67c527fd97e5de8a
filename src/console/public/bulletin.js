// The printable bulletin's "Imprimir" button (a file, not an inline handler: the console's CSP forbids those).
(function wirePrintButton() {
  'use strict';
  var button = document.getElementById('imprimir');
  if (button) button.addEventListener('click', function () { window.print(); });
})();
