/* openabm tracking snippet — no dependencies. <script src="https://HOST/t.js" data-write-key="KEY" async></script> */
((w, d) => {
  var s = d.currentScript || d.querySelector('script[data-write-key]');
  if (!s || w.openabm?.v) return;
  var key = s.getAttribute('data-write-key');
  var host = s.getAttribute('data-host') || s.src.replace(/\/t\.js(\?.*)?$/, '');
  var C = 'oabm_aid';
  var q = [];
  var timer = 0;
  var paged = 0;
  var cfg = { identifyForms: s.hasAttribute('data-identify-forms') };
  var consent = s.hasAttribute('data-consent-required') ? null : true;
  var dnt =
    w.doNotTrack === '1' ||
    navigator.doNotTrack === '1' ||
    navigator.msDoNotTrack === '1' ||
    navigator.globalPrivacyControl === true;
  function allowed() {
    return !dnt && consent === true;
  }
  function uuid() {
    return w.crypto && crypto.randomUUID
      ? crypto.randomUUID()
      : 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
          var r = (Math.random() * 16) | 0;
          return (c === 'x' ? r : (r & 3) | 8).toString(16);
        });
  }
  function cookie(v, age) {
    d.cookie =
      C +
      '=' +
      v +
      ';path=/;max-age=' +
      age +
      ';SameSite=Lax' +
      (location.protocol === 'https:' ? ';Secure' : '');
  }
  function aid() {
    var m = d.cookie.match(/(?:^|; )oabm_aid=([^;]+)/);
    var id = m ? m[1] : uuid();
    cookie(id, 31536000);
    return id;
  }
  function send() {
    clearTimeout(timer);
    timer = 0;
    if (!q.length) return;
    var body = JSON.stringify({ writeKey: key, sentAt: new Date().toISOString(), batch: q.splice(0, 50) });
    var url = `${host}/v1/batch`;
    if (!navigator.sendBeacon?.(url, body)) {
      try {
        fetch(url, {
          method: 'POST',
          body: body,
          keepalive: true,
          headers: { 'content-type': 'text/plain' },
        });
      } catch (_e) {}
    }
    if (q.length) send();
  }
  function push(type, e) {
    if (!allowed()) return;
    e.type = type;
    e.messageId = uuid();
    e.anonymousId = aid();
    e.timestamp = new Date().toISOString();
    e.context = {
      page: page(),
      userAgent: navigator.userAgent,
      library: { name: 'openabm.js', version: '1' },
    };
    q.push(e);
    if (q.length >= 20) send();
    else if (!timer) timer = setTimeout(send, 1000);
  }
  function page() {
    return {
      url: location.href,
      path: location.pathname,
      search: location.search,
      title: d.title,
      referrer: d.referrer,
    };
  }
  var api = {
    v: 1,
    page: (props) => {
      if (allowed()) paged = 1;
      push('page', { properties: Object.assign(page(), props || {}) });
    },
    track: (event, props) => {
      push('track', { event: String(event), properties: props || {} });
    },
    identify: (email, traits) => {
      traits = Object.assign({}, traits || {});
      if (email) traits.email = email;
      push('identify', { traits: traits });
      send();
    },
    consent: (yes) => {
      consent = !!yes;
      if (!consent) {
        q.length = 0;
        cookie('', 0);
      } else if (!paged && s.getAttribute('data-auto-page') !== 'false') api.page();
    },
    init: (o) => {
      Object.assign(cfg, o || {});
    },
    flush: send,
  };
  function entry(cmd, ...a) {
    if (typeof api[cmd] === 'function') return api[cmd].apply(api, a);
  }
  Object.assign(entry, api);
  var pending = w.openabm?.q || [];
  w.openabm = entry;
  for (const args of pending) entry(...args);
  d.addEventListener(
    'submit',
    (ev) => {
      var f = ev.target;
      if (!f || !(cfg.identifyForms || f.hasAttribute('data-openabm-identify'))) return;
      var el = f.querySelector('input[type=email],input[name=email]');
      if (!el || !/.+@.+\..+/.test(el.value)) return;
      var t = {};
      ['name', 'firstName', 'lastName', 'title', 'company', 'phone'].forEach((n) => {
        var x = f.querySelector(`[name=${n}]`);
        if (x?.value) t[n] = x.value;
      });
      api.identify(el.value, t);
      api.track('Form Submitted', { formId: f.id || f.getAttribute('name') || '', url: location.href });
      send();
    },
    true,
  );
  addEventListener('pagehide', send);
  d.addEventListener('visibilitychange', () => {
    if (d.visibilityState === 'hidden') send();
  });
  if (s.getAttribute('data-auto-page') !== 'false') api.page();
})(window, document);
