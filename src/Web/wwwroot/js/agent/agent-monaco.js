// The coding agent's workspace view: a read-only Monaco editor for the selected file and Monaco's diff editor for
// one edit (before/after) or the whole run (original/final). Monaco itself is loaded by the labs' loader
// (BlazorMonaco's bundle, on first use). Editors are keyed by their host element's id.
import { ensureMonaco } from '../labs/monaco-support.js';

const views = new Map();

function hostOf(hostId) {
    const host = document.getElementById(hostId);
    if (!host) throw new Error(`No element #${hostId}`);
    return host;
}

function disposeView(hostId) {
    const view = views.get(hostId);
    if (!view) return;
    views.delete(hostId);
    view.editor.dispose();
    for (const model of view.models) model.dispose();
}

/** Shows `text` read-only in the editor hosted by #hostId (created on first use). */
export async function showFile(hostId, text, language, label) {
    await ensureMonaco();
    let view = views.get(hostId);
    if (!view || view.kind !== 'file') {
        disposeView(hostId);
        const editor = monaco.editor.create(hostOf(hostId), {
            readOnly: true, automaticLayout: true, minimap: { enabled: false }, scrollBeyondLastLine: false,
            ariaLabel: label, fontSize: 13,
        });
        view = { kind: 'file', editor, models: [] };
        views.set(hostId, view);
    }
    const model = monaco.editor.createModel(text, language);
    view.editor.setModel(model);
    view.editor.updateOptions({ ariaLabel: label });
    for (const old of view.models) old.dispose();
    view.models = [model];
    return true;
}

/** Shows `before` against `after` in Monaco's diff editor hosted by #hostId (side by side, read-only). */
export async function showDiff(hostId, before, after, language, label) {
    await ensureMonaco();
    let view = views.get(hostId);
    if (!view || view.kind !== 'diff') {
        disposeView(hostId);
        const editor = monaco.editor.createDiffEditor(hostOf(hostId), {
            readOnly: true, originalEditable: false, automaticLayout: true, minimap: { enabled: false },
            scrollBeyondLastLine: false, renderSideBySide: true, fontSize: 13,
            ariaLabel: label, originalAriaLabel: `${label}: before`, modifiedAriaLabel: `${label}: after`,
        });
        view = { kind: 'diff', editor, models: [] };
        views.set(hostId, view);
    }
    const original = monaco.editor.createModel(before, language);
    const modified = monaco.editor.createModel(after, language);
    view.editor.setModel({ original, modified });
    view.editor.updateOptions({ ariaLabel: label, originalAriaLabel: `${label}: before`, modifiedAriaLabel: `${label}: after` });
    for (const old of view.models) old.dispose();
    view.models = [original, modified];
    return true;
}

/** What #hostId shows now (for tests): { kind, text } for a file, { kind, original, modified } for a diff. */
export function state(hostId) {
    const view = views.get(hostId);
    if (!view) return null;
    if (view.kind === 'file') return { kind: 'file', text: view.editor.getValue() };
    const model = view.editor.getModel();
    return { kind: 'diff', original: model.original.getValue(), modified: model.modified.getValue() };
}

/** Disposes the editors hosted by the given ids. */
export function dispose(hostIds) {
    for (const id of hostIds) disposeView(id);
}
