// The door page: where the browser can read QR codes (BarcodeDetector) and has a camera, a button opens the camera;
// a gala code fills the code box and checks the person in. Without it, the typed code works the same.
(function () {
  const button = document.getElementById('door-scan');
  const video = document.getElementById('door-video');
  const status = document.getElementById('door-scan-status');
  const form = document.getElementById('door-code-form');
  const input = document.getElementById('field-Code');
  if (!button || !('BarcodeDetector' in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }

  button.hidden = false;
  let stream = null;

  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    video.hidden = true;
    button.textContent = 'Scan the QR code';
  }

  button.addEventListener('click', async function () {
    if (stream) { stop(); status.textContent = ''; return; }
    let detector;
    try {
      detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch (e) {
      status.textContent = 'The camera is not available here: type the code instead.';
      stop();
      return;
    }

    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    button.textContent = 'Stop scanning';
    status.textContent = 'Point the camera at the QR code.';
    const look = async function () {
      if (!stream) { return; }
      try {
        const codes = await detector.detect(video);
        const gala = codes.map(function (c) { return c.rawValue || ''; }).find(function (v) { return v.indexOf('SQMGALA:') === 0; });
        if (gala) {
          input.value = gala.substring('SQMGALA:'.length);
          status.textContent = 'Code read: checking in…';
          stop();
          form.requestSubmit();
          return;
        }
      } catch (e) { /* a frame it could not read; try the next */ }
      window.setTimeout(look, 250);
    };
    look();
  });
})();
