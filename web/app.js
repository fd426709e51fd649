/*
 * app.js: the search page of `litdex serve`.  The page's state is its
 * URL (/?q=...&journal=...&year=...&offset=..., /?similar=KEY,
 * /?show=KEY), so every view can be linked, reloaded and gone back to.
 * Text from the index is only ever put in the page as text nodes
 * (textContent, append), never as HTML; highlights come from the API as
 * {text, hit} segments and become <mark> elements.
 */
'use strict';

const PAGE = 20;
const FILTERS = ['q', 'journal', 'year', 'author', 'sort', 'any'];
const STATE_KEYS = [...FILTERS, 'offset', 'similar', 'show'];

const $ = (id) => document.getElementById(id);

/* An element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k === 'cls' ? 'class' : k, v);
  }
  for (const c of children)
    if (c !== undefined && c !== null && c !== false) e.append(c);
  return e;
}

function readState() {
  const p = new URLSearchParams(location.search);
  const st = {};
  for (const k of STATE_KEYS) {
    const v = p.get(k);
    if (v) st[k] = v;
  }
  return st;
}

/* The page URL of a state; empty values are left out. */
function pageUrl(st) {
  const p = new URLSearchParams();
  for (const k of STATE_KEYS)
    if (st[k] !== undefined && st[k] !== null && st[k] !== '') p.set(k, st[k]);
  const qs = p.toString();
  return '/' + (qs ? '?' + qs : '');
}

function pick(st, keys) {
  const out = {};
  for (const k of keys) if (st[k]) out[k] = st[k];
  return out;
}

async function api(path, params) {
  const resp = await fetch(path + '?' + new URLSearchParams(params).toString());
  let data;
  try {
    data = await resp.json();
  } catch (e) {
    data = { error: 'the server sent no JSON (HTTP ' + resp.status + ')' };
  }
  return { ok: resp.ok, status: resp.status, data };
}

/* Highlight segments as text and <mark> nodes. */
function marked(segments, fallback) {
  const frag = document.createDocumentFragment();
  if (!segments || !segments.length) {
    frag.append(fallback || '');
    return frag;
  }
  for (const s of segments) frag.append(s.hit ? el('mark', { text: s.text }) : s.text);
  return frag;
}

function doiUrl(doi) {
  return 'https://doi.org/' + doi.split('/').map(encodeURIComponent).join('/');
}

function pubmedUrl(pmid) {
  return /^[0-9]+$/.test(pmid) ? 'https://pubmed.ncbi.nlm.nih.gov/' + pmid + '/' : null;
}

function authorsShort(list) {
  if (!list || !list.length) return '';
  return list.length > 3 ? list.slice(0, 3).join(', ') + ' et al.' : list.join(', ');
}

function plural(n, word) {
  return n.toLocaleString('en') + ' ' + word + (n === 1 ? '' : 's');
}

function setStatus(...children) {
  $('status').replaceChildren(...children.filter((c) => c !== null && c !== undefined));
}

/* A 400 and its message; a query error points at its position. */
function showError(res, st) {
  const d = res.data || {};
  const box = el('div', { cls: 'error', role: 'alert' },
    el('strong', { text: res.status === 400 ? 'Cannot search: ' : 'Error: ' }),
    d.error || 'HTTP ' + res.status);
  if (d.param === 'q' && d.position > 0 && st.q) {
    const chars = [...st.q];
    box.append(el('pre', { cls: 'caret' }, chars.join('') + '\n' +
      ' '.repeat(Math.min(d.position - 1, chars.length)) + '^'));
  }
  setStatus(box);
}

function linksFor(h) {
  const links = el('div', { cls: 'links' });
  if (h.doi) links.append(el('a', { href: doiUrl(h.doi), cls: 'doi', text: 'DOI ' + h.doi }));
  const pm = h.pmid && pubmedUrl(h.pmid);
  if (pm) links.append(el('a', { href: pm, cls: 'pubmed', text: 'PubMed ' + h.pmid }));
  links.append(el('a', { href: pageUrl({ similar: h.key }), cls: 'similar', text: 'Similar papers' }));
  return links;
}

function hitItem(h, start) {
  const journal = h.journal_abbrev || h.journal || '';
  const meta = [authorsShort(h.authors), journal, h.year ? String(h.year) : '']
    .filter(Boolean);
  const li = el('li', { cls: 'hit', 'data-key': h.key, 'data-year': h.year || '', value: start },
    el('h3', { cls: 'title' },
      el('a', { href: pageUrl({ show: h.key }) }, marked(h.title_hl, h.title || '(no title)'))),
    el('div', { cls: 'meta', text: meta.join(' · ') }));
  if (h.snippet && h.snippet.length) li.append(el('p', { cls: 'snippet' }, marked(h.snippet)));
  li.append(linksFor(h));
  return li;
}

function renderHits(hits, offset) {
  $('results').replaceChildren(...hits.map((h, i) => hitItem(h, offset + i + 1)));
}

/* Previous and next links; total is the hit count (about, when
 * estimated), or null when only "more" is known (similar). */
function renderPager(st, offset, shown, total, more, estimated) {
  const nav = $('pager');
  nav.replaceChildren();
  if (offset > 0) {
    const prev = Math.max(0, offset - PAGE);
    nav.append(el('a', { href: pageUrl({ ...st, offset: prev || '' }), rel: 'prev', text: '← previous' }));
  }
  if (shown) {
    const range = (offset + 1) + '–' + (offset + shown) +
      (total !== null ? ' of ' + (estimated ? 'about ' : '') + total.toLocaleString('en') : '');
    nav.append(el('span', { cls: 'range', text: range }));
  }
  if (total !== null ? offset + shown < total : more)
    nav.append(el('a', { href: pageUrl({ ...st, offset: offset + PAGE }), rel: 'next', text: 'next →' }));
}

/* "2015-2024", "2015-", "-2010", "2019" as [lo, hi] (null = open). */
function yearRange(s) {
  const m = /^(\d{4})?\s*[-:]?\s*(\d{4})?$/.exec(s || '');
  if (!s || !m) return null;
  if (!/[-:]/.test(s)) return [+m[1], +m[1]];
  return [m[1] ? +m[1] : null, m[2] ? +m[2] : null];
}

/* The year facet as a bar per year, gaps included; a bar filters by its year. */
function renderYears(values, st) {
  const years = values.filter((v) => /^[0-9]{4}$/.test(v.value))
    .map((v) => ({ y: +v.value, n: v.count })).sort((a, b) => a.y - b.y);
  $('years').hidden = !years.length;
  if (!years.length) return;
  const count = new Map(years.map((v) => [v.y, v.n]));
  const first = years[0].y, last = years[years.length - 1].y;
  const peak = Math.max(...years.map((v) => v.n));
  const range = yearRange(st.year);
  const bars = [];
  for (let y = first; y <= last; y++) {
    const n = count.get(y) || 0;
    const on = range && (range[0] === null || y >= range[0]) && (range[1] === null || y <= range[1]);
    const fill = el('span', { cls: 'fill' });
    fill.style.height = (n ? Math.max(4, (100 * n) / peak) : 0) + '%';
    bars.push(el('a', {
      cls: 'bar' + (on ? ' on' : ''), href: pageUrl({ ...st, year: String(y), offset: '' }),
      title: y + ': ' + plural(n, 'paper'), 'data-year': y, 'data-count': n,
    }, fill));
  }
  $('histogram').replaceChildren(...bars);
  $('histogram-axis').replaceChildren(el('span', { text: first }), el('span', { text: last }));
  $('year-clear').replaceChildren(st.year
    ? el('a', { href: pageUrl({ ...st, year: '', offset: '' }), text: 'all years' }) : '');
}

function renderJournals(values, st) {
  $('journals').hidden = !values.length;
  $('journal-list').replaceChildren(...values.filter((v) => v.value).map((v) =>
    el('li', {}, el('a', { href: pageUrl({ ...st, journal: v.value, offset: '' }), text: v.value }),
      el('span', { cls: 'count', text: v.count.toLocaleString('en') }))));
}

async function search(st) {
  const offset = +st.offset || 0;
  setStatus(el('span', { cls: 'busy', text: 'Searching…' }));
  const res = await api('/api/search', { ...pick(st, FILTERS), offset, limit: PAGE });
  if (!res.ok) return showError(res, st);
  const d = res.data;
  const facetBase = pick(st, ['q', 'journal', 'author']);
  if (d.relaxed || st.any) facetBase.any = 1;
  const [years, journals] = await Promise.all([
    api('/api/facet', { ...facetBase, field: 'year', limit: 1000 }),
    api('/api/facet', { ...facetBase, ...pick(st, ['year']), field: 'journal', limit: 8 }),
  ]);
  $('facets').hidden = !(years.ok || journals.ok) || !d.total;
  if (years.ok) renderYears(years.data.values, st);
  if (journals.ok) renderJournals(journals.data.values, st);

  const parts = [el('strong', { text: (d.estimated ? 'about ' : '') + plural(d.total, 'paper') })];
  if (d.relaxed)
    parts.push(' — no paper has every word; these have some of them (',
      el('a', { href: pageUrl({ ...st, any: '1', offset: '' }), text: 'any word' }), ')');
  if (d.suggest) parts.push(el('span', { cls: 'suggest', text: ' Did you mean: ' + d.suggest + '?' }));
  setStatus(el('p', {}, ...parts));
  renderHits(d.hits, offset);
  renderPager(st, offset, d.hits.length, d.total, false, d.estimated);
}

async function similar(st) {
  const offset = +st.offset || 0;
  setStatus(el('span', { cls: 'busy', text: 'Finding similar papers…' }));
  const params = { key: st.similar, ...pick(st, ['journal', 'year', 'author', 'sort']), offset, limit: PAGE };
  const res = await api('/api/similar', params);
  if (!res.ok) return showError(res, st);
  const d = res.data;
  setStatus(el('p', {}, 'Papers similar to ',
    el('a', { href: pageUrl({ show: d.key }), cls: 'seed', text: d.paper.title || d.key })));
  renderHits(d.hits, offset);
  renderPager(st, offset, d.hits.length, null, d.more);
}

function field(dl, name, value) {
  if (!value || (Array.isArray(value) && !value.length)) return;
  dl.append(el('dt', { text: name }), el('dd', { text: Array.isArray(value) ? value.join('; ') : value }));
}

async function show(st) {
  const res = await api('/api/show', { key: st.show });
  if (!res.ok) return showError(res, st);
  const p = res.data.paper;
  const dl = el('dl');
  field(dl, 'Authors', p.authors);
  field(dl, 'Journal', [p.journal, p.year].filter(Boolean).join(', '));
  field(dl, 'Keywords', p.keywords);
  field(dl, 'MeSH', p.mesh);
  field(dl, 'Type', p.pub_types);
  field(dl, 'Language', p.language);
  field(dl, 'PMID', p.pmid);
  field(dl, 'PMC', p.pmcid);
  field(dl, 'Files', res.data.sources);
  setStatus();
  $('paper').replaceChildren(el('article', { cls: 'paper', 'data-key': p.key },
    el('h2', { text: p.title || '(no title)' }),
    dl, p.abstract ? el('p', { cls: 'abstract', text: p.abstract }) : null, linksFor(p)));
}

function intro() {
  const examples = ['homeostatic plasticity', '"synaptic scaling"[tiab]',
    'ketamine AND (BDNF OR TrkB)', 'title:plasticity NOT review[pt]'];
  setStatus(el('div', { cls: 'intro' },
    el('p', { text: 'Search the papers in your index. The query language is that of litdex search:' }),
    el('ul', {}, ...examples.map((q) => el('li', {}, el('a', { href: pageUrl({ q }) }, el('code', { text: q })))))));
}

function fillForm(st) {
  for (const k of ['q', 'journal', 'year', 'author', 'sort']) $(k).value = st[k] || '';
  $('any').checked = !!st.any;
  if (st.q) document.title = st.q + ' — litdex';
}

/* Submitting drops empty fields, so that URLs stay short and readable. */
function onSubmit(ev) {
  ev.preventDefault();
  const st = {};
  for (const k of ['q', 'journal', 'year', 'author', 'sort']) st[k] = $(k).value.trim();
  st.any = $('any').checked ? '1' : '';
  location.assign(pageUrl(st));
}

async function main() {
  const st = readState();
  fillForm(st);
  $('search').addEventListener('submit', onSubmit);
  try {
    if (st.show) await show(st);
    else if (st.similar) await similar(st);
    else if (st.q || st.journal || st.year || st.author) await search(st);
    else intro();
  } catch (e) {
    setStatus(el('div', { cls: 'error', role: 'alert', text: 'The server did not answer: ' + e.message }));
  }
  document.body.dataset.state = 'done';
}

main();
