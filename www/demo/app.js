// The demo parent page: what an integrator writes with the capture-frame embed package.
import init, { mount } from "/embed/capture_frame_embed.js";

const LOCALES = ["en-US", "ar-SA", "cs-CZ", "da-DK", "de-DE", "en-GB", "es-ES", "es-US", "fa-IR", "fi-FI",
  "fr-FR", "hmn-Latn", "it-IT", "ja-JP", "km-KH", "ko-KR", "nb-NO", "nl-NL", "pl-PL", "pt-BR",
  "ru-RU", "sv-SE", "tl-PH", "tr-TR", "vi-VN", "zh-CN", "zh-Hans", "zh-TW"];

const select = document.getElementById("language");
// "auto": the frame speaks the recipient's browser language, negotiated against these.
for (const code of [...LOCALES, "auto"]) select.append(new Option(code, code));
select.value = new URLSearchParams(location.search).get("lang") ?? "en-US";

const log = document.getElementById("log");
function record(source, type, detail) {
  const item = document.createElement("li");
  item.className = `log-${source}`;
  // QA suites read the log through these attributes.
  item.dataset.source = source;
  item.dataset.type = type;
  item.dataset.detail = JSON.stringify(detail ?? null);
  const tag = document.createElement("strong");
  tag.textContent = `${source}: ${type}`;
  const body = document.createElement("code");
  body.textContent = JSON.stringify(detail);
  item.append(tag, " ", body);
  log.prepend(item);
}

let webhookCursor = 0;
async function pollWebhooks() {
  try {
    const res = await fetch(`/api/webhooks?after=${webhookCursor}`);
    const { events, next } = await res.json();
    for (const e of events) record("webhook", e.type, e.data);
    webhookCursor = next;
  } catch { /* the log catches up on the next poll */ }
  setTimeout(pollWebhooks, 1000);
}

await init();
pollWebhooks();

let handle;
document.getElementById("start").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const res = await fetch("/api/checkout", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ language: form.get("language"), funding_destinations: form.getAll("destination"), decision_gate: form.has("decision_gate") }),
  });
  const checkout = await res.json();
  if (!res.ok) return record("backend", "create_failed", checkout);
  record("backend", "session_created", { checkout_id: checkout.checkout_id, session_identifier: checkout.session_identifier, status: checkout.status });
  handle?.destroy();
  handle = mount("#capture", {
    authorizedUrl: checkout.authorized_url,
    onEvent: (e) => {
      record("frame", e.type, { session_identifier: e.session_identifier, ...e.data });
      if (e.type === "awaiting_decision") decide(checkout.checkout_id);
    },
    onSuccess: (data) => record("integrator", "onSuccess", data),
    onExit: (e) => record("integrator", "onExit", e.type),
    reissue: async () => {
      const r = await fetch(`/api/checkout/${checkout.checkout_id}/reissue`, { method: "POST" });
      const body = await r.json();
      if (!r.ok) throw new Error(body.client_message ?? "reissue failed");
      record("backend", "url_reissued", { status: body.status });
      return body.authorized_url;
    },
  });
});

// Behind the decision gate the integrator (here: a person on the demo page) accepts or rejects
// the verified account; its backend calls `…/continue` or `…/stop`, and the frame follows.
const decision = document.getElementById("decision");
function decide(checkoutId) {
  decision.hidden = false;
  const choose = (action) => async () => {
    decision.hidden = true;
    const r = await fetch(`/api/checkout/${checkoutId}/${action}`, { method: "POST" });
    record("backend", r.ok ? `session_${action === "continue" ? "continued" : "stopped"}` : "decision_failed", await r.json());
  };
  document.getElementById("continue").onclick = choose("continue");
  document.getElementById("stop").onclick = choose("stop");
}
