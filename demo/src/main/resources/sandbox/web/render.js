/* Rendering for the irflow demo chat: sanitised markdown (markdown-it, raw HTML off) and Adaptive Cards (the official
   renderer), with Action.Submit presses handed to a callback and Action.OpenUrl opening a new tab. */
(function () {
  "use strict";

  const md = window.markdownit({ html: false, linkify: true, breaks: true });
  const defaultLinkOpen = md.renderer.rules.link_open || ((tokens, idx, options, env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx].attrSet("target", "_blank");
    tokens[idx].attrSet("rel", "noopener noreferrer");
    return defaultLinkOpen(tokens, idx, options, env, self);
  };

  /** Markdown to HTML; markdown-it escapes any raw HTML and refuses javascript: links. */
  function markdown(text) {
    return md.render(text || "");
  }

  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = md.render(text || "");
    result.didProcess = true;
  };

  const hostConfig = new AdaptiveCards.HostConfig({
    fontFamily: "Inter, 'Segoe UI', system-ui, -apple-system, sans-serif",
    supportsInteractivity: true,
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 28, padding: 14 },
    separator: { lineThickness: 1, lineColor: "#e3e6eb" },
    fontSizes: { small: 12, default: 14, medium: 16, large: 19, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    containerStyles: {
      default: {
        backgroundColor: "#ffffff",
        foregroundColors: {
          default: { default: "#1f2329", subtle: "#6b7380" },
          accent: { default: "#0a6fd6", subtle: "#3d8be0" },
          attention: { default: "#c62f2f", subtle: "#d95a5a" },
          good: { default: "#1a7f4b", subtle: "#3c9b69" },
          warning: { default: "#b25e00", subtle: "#c98a3f" },
          dark: { default: "#1f2329", subtle: "#4a515c" },
          light: { default: "#ffffff", subtle: "#f3f4f6" }
        }
      },
      emphasis: {
        backgroundColor: "#f4f6f9",
        foregroundColors: {
          default: { default: "#1f2329", subtle: "#6b7380" },
          accent: { default: "#0a6fd6", subtle: "#3d8be0" },
          attention: { default: "#c62f2f", subtle: "#d95a5a" },
          good: { default: "#1a7f4b", subtle: "#3c9b69" },
          warning: { default: "#b25e00", subtle: "#c98a3f" }
        }
      }
    },
    actions: {
      maxActions: 6, spacing: "default", buttonSpacing: 8, showCard: { actionMode: "inline", inlineTopMargin: 12 },
      actionsOrientation: "horizontal", actionAlignment: "left"
    },
    factSet: {
      title: { color: "default", size: "default", isSubtle: true, weight: "bolder", wrap: true, maxWidth: 170 },
      value: { color: "default", size: "default", isSubtle: false, weight: "default", wrap: true },
      spacing: 10
    }
  });

  /** Card inputs as Webex sends them: every referenced input's value as a string. */
  function inputValues(action) {
    const out = {};
    const refs = typeof action.getReferencedInputs === "function" ? action.getReferencedInputs() : undefined;
    if (refs) {
      Object.keys(refs).forEach((id) => {
        const v = refs[id].value;
        if (v !== undefined && v !== null) out[id] = String(v);
      });
    }
    return out;
  }

  /** The pressed button's own data object (the renderer's processed data also holds the inputs). */
  function buttonData(action) {
    const json = typeof action.toJSON === "function" ? action.toJSON() : undefined;
    const data = json && json.data;
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  }

  /**
   * Renders a card; onSubmit(inputs, data, title) is called for Action.Submit and returns a promise.
   * Returns the element, or a fallback note when the card cannot be rendered.
   */
  function card(content, onSubmit) {
    const wrap = document.createElement("div");
    wrap.className = "card";
    try {
      const ac = new AdaptiveCards.AdaptiveCard();
      ac.hostConfig = hostConfig;
      ac.onExecuteAction = (action) => {
        if (action instanceof AdaptiveCards.OpenUrlAction) {
          window.open(action.url, "_blank", "noopener");
        } else if (action instanceof AdaptiveCards.SubmitAction) {
          wrap.classList.add("card-busy");
          const done = () => wrap.classList.remove("card-busy");
          Promise.resolve(onSubmit(inputValues(action), buttonData(action), action.title)).then(done, (e) => {
            done();
            note(wrap, "Could not send: " + e.message);
          });
        }
      };
      ac.parse(content);
      const el = ac.render();
      if (!el) throw new Error("the renderer returned nothing");
      wrap.appendChild(el);
    } catch (e) {
      note(wrap, "This card could not be rendered (" + e.message + ").");
    }
    return wrap;
  }

  function note(parent, text) {
    const n = document.createElement("div");
    n.className = "card-note";
    n.textContent = text;
    parent.appendChild(n);
  }

  const palette = ["#7c4dff", "#0a84ff", "#f2994a", "#eb5757", "#27ae60", "#9b51e0", "#2d9cdb"];

  /** A round avatar with initials (the bot gets the product mark). */
  function avatar(person, size) {
    const el = document.createElement("span");
    el.className = "avatar" + (size ? " avatar-" + size : "");
    if (!person) {
      el.textContent = "?";
      return el;
    }
    if (person.type === "bot") {
      el.classList.add("avatar-bot");
      el.textContent = "IF";
      return el;
    }
    const name = person.displayName || (person.emails && person.emails[0]) || "?";
    el.textContent = name.split(/\s+/).map((w) => w[0]).join("").slice(0, 2).toUpperCase();
    let h = 0;
    for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    el.style.background = palette[h % palette.length];
    return el;
  }

  window.IrRender = { markdown, card, avatar };
})();
