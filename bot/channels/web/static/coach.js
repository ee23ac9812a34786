// Starts the rasa-webchat widget inside the page, with the settings the server put on its container.
(function () {
  "use strict";
  var container = document.getElementById("trust-coach-chat");
  if (!container || !window.WebChat) {
    return;
  }
  var settings = container.dataset;
  var status = document.getElementById("chat-status");
  var WIDGET_STORAGE_KEY = "chat_session";  // where rasa-webchat keeps the conversation
  var unreachableTimer = null;

  // Tell the visitor when the coach cannot be reached (after a short grace period, so a quick
  // reconnect stays silent); socket.io keeps retrying and the notice goes away once it is back.
  function coachUnreachable() {
    if (status && unreachableTimer === null) {
      unreachableTimer = window.setTimeout(function () { status.hidden = false; }, 3000);
    }
  }
  function coachReached() {
    window.clearTimeout(unreachableTimer);
    unreachableTimer = null;
    if (status) {
      status.hidden = true;
    }
  }
  // After "/forget" the coach has deleted everything it kept; the browser's copy of the conversation goes
  // too, once the confirmation has been read, and the chat starts afresh.
  function conversationDeleted(message) {
    if (message && message.conversation_deleted === true) {
      window.setTimeout(function () {
        window.localStorage.removeItem(WIDGET_STORAGE_KEY);
        window.location.reload();
      }, 6000);
    }
  }
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
    onSocketEvent: {
      connect: coachReached,
      connect_error: coachUnreachable,
      disconnect: coachUnreachable,
      bot_uttered: conversationDeleted
    },
    // The conversation lives in localStorage: a reload (or a new tab) continues it.
    params: { storage: "local" }
  }, container);
})();
