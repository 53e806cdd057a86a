// Once a passkey is registered, the page reloads to list it (and show new recovery codes).
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.assign(document.getElementById("passkey-register-button").dataset.done);
});
