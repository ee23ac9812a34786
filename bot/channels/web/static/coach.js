// Starts the rasa-webchat widget inside the page, with the settings the server put on its container.
(function () {
  "use strict";
  var container = document.getElementById("trust-coach-chat");
  if (!container || !window.WebChat) {
    return;
  }
  var settings = container.dataset;
  window.WebChat.default({
    socketUrl: settings.socketUrl,
    socketPath: settings.socketPath,
    // Reaches the coach as message metadata (credentials.yml: metadata_key customData).
    customData: { language: settings.language },
    initPayload: "/greet",
    title: settings.title,
    subtitle: settings.subtitle,
    inputTextFieldHint: settings.inputHint,
    connectingText: settings.connecting,
    embedded: true,
    showFullScreenButton: false,
    showMessageDate: false,
    // A short typing pause before each message, longer for longer ones, never more than 1.5 s.
    customMessageDelay: function (message) {
      return Math.min(1500, 300 + message.length * 3);
    },
    // The conversation lives in localStorage: a reload (or a new tab) continues it.
    params: { storage: "local" }
  }, container);
})();
