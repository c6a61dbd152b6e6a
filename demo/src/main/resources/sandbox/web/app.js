/* The irflow demo chat: pick an analyst and a room, talk to the bot through the local Webex stand-in, and follow new
   messages over Server-Sent Events (/chat/api/events; the browser resumes with Last-Event-ID after a reconnect). */
(function () {
  "use strict";
  const R = window.IrRender;
  const $ = (id) => document.getElementById(id);
  const api = "/chat/api";

  const state = {
    people: new Map(), bot: null, analysts: [], me: null, rooms: [], roomId: null,
    messages: new Map(), unread: new Map(), replyTo: null, mention: true, ready: false
  };

  async function call(method, path, body) {
    const res = await fetch(api + path, {
      method, headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json.message || "HTTP " + res.status);
    return json;
  }

  const currentRoom = () => state.rooms.find((r) => r.id === state.roomId);
  const roomMessages = (roomId) => {
    if (!state.messages.has(roomId)) state.messages.set(roomId, new Map());
    return state.messages.get(roomId);
  };

  async function start() {
    const session = await call("GET", "/session");
    state.bot = session.bot;
    state.irtRoomId = session.irtRoomId;
    state.people.set(session.bot.id, session.bot);
    state.analysts = session.analysts;
    session.analysts.forEach((a) => state.people.set(a.id, a));
    const select = $("analyst");
    session.analysts.forEach((a) => {
      const o = document.createElement("option");
      o.value = a.emails[0];
      o.textContent = a.displayName;
      select.appendChild(o);
    });
    const wanted = new URLSearchParams(location.search).get("as") || localStorage.getItem("irflow.analyst");
    const pick = session.analysts.find((a) => a.emails[0] === wanted || a.firstName.toLowerCase() === (wanted || "").toLowerCase());
    select.value = (pick || session.analysts[0]).emails[0];
    select.addEventListener("change", () => switchAnalyst(select.value));
    await switchAnalyst(select.value);
    connect();
  }

  async function switchAnalyst(email) {
    state.me = state.analysts.find((a) => a.emails[0] === email);
    localStorage.setItem("irflow.analyst", email);
    const av = $("who-avatar");
    av.replaceWith(Object.assign(R.avatar(state.me, "sm"), { id: "who-avatar" }));
    state.unread.clear();
    await loadRooms();
    selectRoom(state.rooms.some((r) => r.id === state.roomId) ? state.roomId : state.irtRoomId);
  }

  async function loadRooms() {
    state.rooms = await call("GET", "/rooms?personEmail=" + encodeURIComponent(state.me.emails[0]));
    renderRooms();
  }

  function renderRooms() {
    const nav = $("rooms");
    nav.replaceChildren();
    state.rooms.forEach((room) => {
      const a = document.createElement("a");
      a.href = "#";
      a.className = "room" + (room.id === state.roomId ? " active" : "");
      a.dataset.roomId = room.id;
      a.dataset.roomType = room.type;
      a.appendChild(roomAvatar(room));
      const text = document.createElement("span");
      text.className = "room-text";
      const title = document.createElement("span");
      title.className = "room-name";
      title.textContent = room.title;
      const sub = document.createElement("span");
      sub.className = "room-kind";
      sub.textContent = room.type === "direct" ? "Direct · bot" : room.id === state.irtRoomId ? "Response team" : "Incident space";
      text.append(title, sub);
      a.appendChild(text);
      const n = state.unread.get(room.id) || 0;
      if (n > 0) {
        const b = document.createElement("span");
        b.className = "unread";
        b.textContent = n > 99 ? "99+" : String(n);
        a.appendChild(b);
      }
      a.addEventListener("click", (e) => { e.preventDefault(); selectRoom(room.id); });
      nav.appendChild(a);
    });
  }

  function roomAvatar(room, size) {
    if (room.type === "direct") return R.avatar(state.bot, size);
    const el = R.avatar({ displayName: room.id === state.irtRoomId ? "I R" : room.title }, size);
    el.classList.add("avatar-space");
    if (room.id === state.irtRoomId) el.textContent = "IRT";
    return el;
  }

  function selectRoom(roomId) {
    state.roomId = roomId;
    state.replyTo = null;
    state.unread.delete(roomId);
    renderRooms();
    const room = currentRoom();
    if (!room) return;
    $("room-avatar").replaceWith(Object.assign(roomAvatar(room), { id: "room-avatar" }));
    $("room-title").textContent = room.title;
    $("room-sub").textContent = room.type === "direct" ? "Direct conversation with the irflow bot"
      : "Space · the bot answers when you mention @irflow";
    $("mention").hidden = room.type !== "group";
    renderReplying();
    renderMessages();
    $("text").focus();
  }

  function renderMessages() {
    const list = $("messages");
    list.replaceChildren();
    const msgs = [...roomMessages(state.roomId).values()];
    if (msgs.length === 0) {
      const empty = document.createElement("div");
      empty.className = "empty";
      const room = currentRoom();
      empty.innerHTML = room && room.type === "direct"
        ? "<strong>Start of your conversation with irflow.</strong><br>Type <code>help</code> to see what it can do."
        : "<strong>No messages yet.</strong><br>Mention <code>@irflow</code> to ask the bot something.";
      list.appendChild(empty);
    }
    msgs.forEach((m) => place(m, false));
    list.scrollTop = list.scrollHeight;
  }

  /** Puts a message in the list: thread replies go under their parent, everything else at the end. */
  function place(m, animate) {
    const list = $("messages");
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
    const empty = list.querySelector(".empty");
    if (empty) empty.remove();
    const el = messageElement(m);
    if (animate) el.classList.add("msg-new");
    const parent = m.parentId && list.querySelector('.msg[data-id="' + CSS.escape(m.parentId) + '"] > .msg-body > .thread');
    (parent || list).appendChild(el);
    if (nearBottom || m.personId === (state.me && state.me.id)) list.scrollTop = list.scrollHeight;
  }

  function messageElement(m) {
    const person = state.people.get(m.personId) || { displayName: m.personEmail, type: "person" };
    const el = document.createElement("article");
    el.className = "msg" + (m.parentId ? " msg-reply" : "") + (person.type === "bot" ? " msg-bot" : "");
    el.dataset.id = m.id;
    el.appendChild(R.avatar(person, m.parentId ? "sm" : undefined));
    const body = document.createElement("div");
    body.className = "msg-body";
    const head = document.createElement("div");
    head.className = "msg-head";
    const who = document.createElement("span");
    who.className = "msg-author";
    who.textContent = person.displayName;
    head.appendChild(who);
    if (person.type === "bot") {
      const tag = document.createElement("span");
      tag.className = "bot-tag";
      tag.textContent = "Bot";
      head.appendChild(tag);
    }
    const time = document.createElement("time");
    time.className = "msg-time";
    time.dateTime = m.created;
    time.textContent = new Date(m.created).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    head.appendChild(time);
    body.appendChild(head);
    const content = document.createElement("div");
    content.className = "msg-content";
    const card = (m.attachments || []).find((a) => a.contentType === "application/vnd.microsoft.card.adaptive");
    if (card) {
      content.appendChild(R.card(card.content, (inputs, data, title) => press(m, inputs, data, title, content)));
    } else {
      content.innerHTML = R.markdown(m.markdown || stripOwnMention(m));
      if (m.mentionedPeople && m.mentionedPeople.includes(state.bot.id)) {
        const chip = document.createElement("span");
        chip.className = "mention";
        chip.textContent = "@irflow";
        const first = content.firstElementChild || content;
        first.prepend(chip, " ");
      }
    }
    body.appendChild(content);
    for (const url of m.files || []) body.appendChild(fileLink(url));
    if (!m.parentId) {
      const thread = document.createElement("div");
      thread.className = "thread";
      body.appendChild(thread);
      const actions = document.createElement("div");
      actions.className = "msg-actions";
      const reply = document.createElement("button");
      reply.type = "button";
      reply.className = "link-button";
      reply.textContent = "Reply in thread";
      reply.addEventListener("click", () => { state.replyTo = m.id; renderReplying(); $("text").focus(); });
      actions.appendChild(reply);
      body.appendChild(actions);
    }
    el.appendChild(body);
    return el;
  }

  /**
   * A download link for a file posted with a message (its content URL ends with the content id); named once known.
   * A PNG or JPEG is also shown inline above its link, as Webex previews small images.
   */
  function fileLink(url) {
    const id = encodeURIComponent(String(url).split("/").pop());
    const box = document.createElement("div");
    box.className = "msg-file-box";
    const link = document.createElement("a");
    link.className = "msg-file";
    link.href = api + "/files/" + id;
    link.setAttribute("download", "");
    link.textContent = "\u{1F4CE} file";
    box.appendChild(link);
    call("GET", "/files/" + id + "/info").then((f) => {
      link.textContent = "\u{1F4CE} " + f.name + " (" + Math.max(1, Math.round(f.size / 1024)) + " KB)";
      link.setAttribute("download", f.name);
      if (f.contentType === "image/png" || f.contentType === "image/jpeg") {
        const img = document.createElement("img");
        img.className = "msg-image";
        img.alt = f.name;
        img.src = api + "/files/" + id;
        box.insertBefore(img, link);
      }
    }).catch(() => { link.textContent = "\u{1F4CE} file (no longer available)"; });
    return box;
  }

  /** The text without the leading bot label that a mention puts there (the chip shows it instead). */
  function stripOwnMention(m) {
    const t = m.text || "";
    const mentioned = m.mentionedPeople && m.mentionedPeople.includes(state.bot.id);
    return mentioned && t.startsWith(state.bot.displayName + " ") ? t.slice(state.bot.displayName.length + 1) : t;
  }

  async function press(m, inputs, data, title, content) {
    await call("POST", "/press", { messageId: m.id, personEmail: state.me.emails[0], inputs, data });
    const done = document.createElement("div");
    done.className = "card-pressed";
    done.textContent = "✓ " + state.me.firstName + " pressed “" + (title || "Submit") + "”";
    content.appendChild(done);
  }

  function renderReplying() {
    $("replying").hidden = !state.replyTo;
  }

  function connect() {
    const es = new EventSource(api + "/events?after=0");
    const status = (ok, text) => {
      $("conn").className = "conn " + (ok ? "conn-on" : "conn-off");
      $("conn-text").textContent = text;
    };
    es.addEventListener("ready", () => { state.ready = true; status(true, "Connected to local Webex"); });
    es.addEventListener("error", () => status(false, "Reconnecting…"));
    es.addEventListener("message", (e) => {
      const m = JSON.parse(e.data).message;
      const msgs = roomMessages(m.roomId);
      if (msgs.has(m.id)) return;
      msgs.set(m.id, m);
      if (m.roomId === state.roomId) {
        place(m, state.ready);
      } else if (state.ready && state.rooms.some((r) => r.id === m.roomId)) {
        state.unread.set(m.roomId, (state.unread.get(m.roomId) || 0) + 1);
        renderRooms();
      }
    });
    es.addEventListener("deleted", (e) => {
      const m = JSON.parse(e.data).message;
      roomMessages(m.roomId).delete(m.id);
      const el = document.querySelector('.msg[data-id="' + CSS.escape(m.id) + '"]');
      if (el) el.remove();
    });
    es.addEventListener("rooms", () => { if (state.me) loadRooms(); });
  }

  async function send(e) {
    e.preventDefault();
    const box = $("text");
    const text = box.value.trim();
    if (!text || !state.roomId) return;
    const room = currentRoom();
    box.value = "";
    autosize();
    try {
      await call("POST", "/messages", {
        roomId: state.roomId, personEmail: state.me.emails[0], text, parentId: state.replyTo,
        mentionBot: room.type === "group" && state.mention
      });
      state.replyTo = null;
      renderReplying();
    } catch (err) {
      box.value = text;
      alert("Could not send: " + err.message);
    }
  }

  function autosize() {
    const box = $("text");
    box.style.height = "auto";
    box.style.height = Math.min(box.scrollHeight, 160) + "px";
  }

  $("composer").addEventListener("submit", send);
  $("text").addEventListener("input", autosize);
  $("text").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) send(e);
  });
  $("mention").addEventListener("click", () => {
    state.mention = !state.mention;
    $("mention").classList.toggle("off", !state.mention);
  });
  $("cancel-reply").addEventListener("click", () => { state.replyTo = null; renderReplying(); });
  start().catch((e) => { $("conn-text").textContent = "Failed to start: " + e.message; });
})();
