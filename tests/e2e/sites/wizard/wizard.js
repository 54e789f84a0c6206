// The payout wizard's page: method → confirm → the capture frame, mounted with the npm package's
// `capture-frame/embed`. What it receives goes to `window.payoutActivity` (the QA adapter reads
// it): { channel: "capture", name: <message type>, payload } for each event the embed passes to
// onEvent, { channel: "callback", name: "onSuccess" | "onExit", payload } for the callbacks.
import { mount } from "capture-frame/embed";

const activity = (window.payoutActivity = []);
const note = (channel, name, payload) => activity.push({ at: Date.now(), channel, name, payload });
const status = document.getElementById("status");

const methodStep = document.getElementById("step-method");
let choice;
methodStep.addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(methodStep);
  choice = { methods: form.getAll("method"), locale: form.get("locale"), review: form.has("review") };
  document.getElementById("summary").textContent = `Pay out to: ${choice.methods.join(" or ")}.`;
  methodStep.hidden = true;
  document.getElementById("step-confirm").hidden = false;
});

const post = async (path, body) => {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  const answer = await res.json();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return answer;
};

document.querySelector("button[name=add-account]").addEventListener("click", async () => {
  const ref = crypto.randomUUID();
  let session;
  try {
    session = await post(`/payouts/${ref}/capture-session`, choice);
  } catch (error) {
    status.textContent = `We could not start: ${error.message}`;
    return;
  }
  document.getElementById("step-confirm").hidden = true;
  document.getElementById("step-account").hidden = false;
  const review = document.getElementById("review");
  for (const button of review.querySelectorAll("button")) {
    button.onclick = async () => {
      review.hidden = true;
      await post(`/payouts/${ref}/review`, { approve: button.value === "approve" });
    };
  }
  const trustEveryMessage = document.documentElement.dataset.trust === "every-message";
  if (trustEveryMessage) {
    // Broken on purpose: it believes any message that looks like the frame's, from any window
    // and any origin, instead of the embed's onEvent (which checks both).
    const exits = ["max_attempts_exceeded", "canceled", "terminal_failure", "bound_to_other_device", "session_not_mountable", "stopped"];
    window.addEventListener("message", ({ data: m }) => {
      if (m?.protocol !== "capture-frame") return;
      note("capture", m.type, { session_identifier: m.session_identifier, ...m.data });
      if (m.type === "token_success") note("callback", "onSuccess", m.data);
      if (exits.includes(m.type)) note("callback", "onExit", m.type);
    });
  }
  await mount("#secure-form", {
    authorizedUrl: session.authorized_url,
    onEvent: (e) => {
      if (e.type === "awaiting_decision") review.hidden = false;
      if (!trustEveryMessage) note("capture", e.type, { session_identifier: e.session_identifier, ...e.data });
    },
    onSuccess: (data) => trustEveryMessage || note("callback", "onSuccess", data),
    onExit: (e) => trustEveryMessage || note("callback", "onExit", e.type),
    reissue: async () => (await post(`/payouts/${ref}/capture-session/renew`)).authorized_url,
  });
});
