// Monaco support for the lab exercise panels: loads BlazorMonaco's scripts on first use (so pages without an
// editor never download Monaco), keeps each file's draft in localStorage, and sets compiler markers.
const base = '_content/BlazorMonaco/';
let loading = null;

function loadScript(src) {
    return new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = src;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error(`Could not load ${src}`));
        document.head.appendChild(script);
    });
}

/** Resolves once `monaco` and BlazorMonaco's interop are available. */
export function ensureMonaco() {
    if (window.monaco && window.blazorMonaco) return Promise.resolve();
    loading ??= (async () => {
        // jsInterop.js defines window.blazorMonaco and `var require = { paths: { vs: ... } }` for the AMD loader.
        if (!window.blazorMonaco) await loadScript(base + 'jsInterop.js');
        if (typeof window.require !== 'function') await loadScript(base + 'lib/monaco-editor/min/vs/loader.js');
        await new Promise((resolve, reject) => window.require(['vs/editor/editor.main'], () => resolve(), reject));
    })().catch(error => { loading = null; throw error; });
    return loading;
}

function editorOf(editorId) {
    return window.blazorMonaco?.editor?.getEditor(editorId, true) ?? null;
}

/**
 * Restores the draft stored under `key` into the editor (if there is one) and saves every change there
 * (debounced, flushed when the editor loses focus). Returns true when a draft was restored.
 */
export function attachDraft(editorId, key) {
    const editor = editorOf(editorId);
    if (!editor) return false;
    let restored = false;
    try {
        const saved = localStorage.getItem(key);
        if (saved !== null && saved !== editor.getValue()) {
            editor.setValue(saved);
            restored = true;
        }
    } catch { /* storage unavailable: no drafts */ }
    let timer = 0;
    const save = () => {
        clearTimeout(timer);
        try { localStorage.setItem(key, editor.getValue()); } catch { /* quota or privacy mode */ }
    };
    editor.onDidChangeModelContent(() => { clearTimeout(timer); timer = setTimeout(save, 250); });
    editor.onDidBlurEditorText(save);
    return restored;
}

/** Forgets the draft stored under `key`. */
export function clearDraft(key) {
    try { localStorage.removeItem(key); } catch { /* storage unavailable */ }
}

/**
 * Replaces the editor's markers with `markers`: [{ line, column, endLine, endColumn, severity, code, message }],
 * 1-based (as Roslyn's diagnostics are mapped by the server); an empty array clears them.
 */
export function setMarkers(editorId, markers) {
    const editor = editorOf(editorId);
    if (!editor || !window.monaco) return 0;
    const severities = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };
    monaco.editor.setModelMarkers(editor.getModel(), 'workbench', markers.map(m => ({
        startLineNumber: m.line,
        startColumn: m.column,
        endLineNumber: Math.max(m.endLine, m.line),
        endColumn: m.endLine > m.line || m.endColumn > m.column ? m.endColumn : m.column + 1,
        severity: severities[m.severity] ?? monaco.MarkerSeverity.Info,
        code: m.code,
        message: m.message,
    })));
    return markers.length;
}

/** The markers the editor holds now (for tests and debugging). */
export function getMarkers(editorId) {
    const editor = editorOf(editorId);
    if (!editor || !window.monaco) return [];
    return monaco.editor.getModelMarkers({ resource: editor.getModel().uri }).map(m => ({
        line: m.startLineNumber, column: m.startColumn, endLine: m.endLineNumber, endColumn: m.endColumn, message: m.message,
    }));
}
