/* The character loop of pipeline/pdf_chars.py's _char_runs, in C: optional, the same runs.
 *
 * Every character of every text page goes through that loop: one pdfium box call, a few
 * comparisons, appends. In Python it was two fifths of reading a PDF (1.2 million characters in
 * the speed corpus); here it is a small part of pdfium's own parse. pdf_chars.py uses this module when
 * it was built (setup.py marks it optional: no compiler, no module, the Python loop runs) and
 * tests/pipeline/test_charruns.py checks both give the same runs, value for value.
 *
 * The arithmetic is written in the order the Python loop does it, on doubles, with contraction
 * into fused multiply-adds turned off (setup.py), so every box and gap is the same float.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef int (*box_fn)(void *, int, double *, double *, double *, double *);
typedef double (*size_fn)(void *, int);

typedef struct {
    Py_UCS4 *chars;
    Py_ssize_t nchars, cap_chars;
    double *heights;
    Py_ssize_t nheights, cap_heights;
} buffers;

static int push_char(buffers *b, Py_UCS4 ch) {
    if (b->nchars == b->cap_chars) {
        Py_ssize_t cap = b->cap_chars ? 2 * b->cap_chars : 256;
        Py_UCS4 *p = PyMem_Realloc(b->chars, cap * sizeof(Py_UCS4));
        if (!p) return -1;
        b->chars = p;
        b->cap_chars = cap;
    }
    b->chars[b->nchars++] = ch;
    return 0;
}

static int push_height(buffers *b, double h) {
    if (b->nheights == b->cap_heights) {
        Py_ssize_t cap = b->cap_heights ? 2 * b->cap_heights : 256;
        double *p = PyMem_Realloc(b->heights, cap * sizeof(double));
        if (!p) return -1;
        b->heights = p;
        b->cap_heights = cap;
    }
    b->heights[b->nheights++] = h;
    return 0;
}

/* Append (text, x0, top, x1, bottom, heights) for the current run, its trailing spaces cut;
 * a run left empty, or with no glyph height, is dropped (as pdf_chars.py filters them). */
static int emit(PyObject *out, buffers *b, double x0, double top, double x1, double bottom) {
    Py_ssize_t n = b->nchars;
    while (n > 0 && b->chars[n - 1] == ' ') n--;
    if (n > 0 && b->nheights > 0) {
        PyObject *text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, b->chars, n);
        PyObject *hs = text ? PyList_New(b->nheights) : NULL;
        if (!hs) {
            Py_XDECREF(text);
            return -1;
        }
        for (Py_ssize_t k = 0; k < b->nheights; k++) {
            PyObject *f = PyFloat_FromDouble(b->heights[k]);
            if (!f) {
                Py_DECREF(text);
                Py_DECREF(hs);
                return -1;
            }
            PyList_SET_ITEM(hs, k, f);
        }
        PyObject *item = Py_BuildValue("(NddddN)", text, x0, top, x1, bottom, hs);
        if (!item || PyList_Append(out, item) < 0) {
            Py_XDECREF(item);
            return -1;
        }
        Py_DECREF(item);
    }
    b->nchars = 0;
    b->nheights = 0;
    return 0;
}

static PyObject *runs(PyObject *self, PyObject *args) {
    PyObject *text;
    unsigned long long tp_addr, box_addr, size_addr;
    double height;
    if (!PyArg_ParseTuple(args, "UKKKd", &text, &tp_addr, &box_addr, &size_addr, &height)) return NULL;
    void *tp = (void *)(uintptr_t)tp_addr;
    box_fn get_box = (box_fn)(uintptr_t)box_addr;
    size_fn font_size = (size_fn)(uintptr_t)size_addr;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);

    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    buffers b = {0};
    double rx0 = 1e9, rtop = 1e9, rx1 = -1e9, rbottom = -1e9;
    int have_prev = 0;
    double px1 = 0.0, py0 = 0.0, py1 = 0.0, ph = 0.0, prev_size = 0.0;
    /* one box for the page, as pdf_chars.py's: a failed call leaves the last character's values */
    double left = 0.0, right = 0.0, bot = 0.0, top = 0.0;

    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(ch)) {
            if (ch == '\r' || ch == '\n') {
                if (b.nchars && emit(out, &b, rx0, rtop, rx1, rbottom) < 0) goto fail;
                b.nchars = b.nheights = 0;
                rx0 = rtop = 1e9;
                rx1 = rbottom = -1e9;
                have_prev = 0;
            } else if (b.nchars && b.chars[b.nchars - 1] != ' ') {
                if (push_char(&b, ' ') < 0) goto fail;
            }
            continue;
        }
        if (ch == 0x02) { /* pdfium's mark for a soft hyphen: see pdf_chars.py */
            int alpha_next = i + 1 < n && Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, i + 1));
            ch = alpha_next ? 0xAD : '-';
        }
        get_box(tp, (int)i, &left, &right, &bot, &top);
        double x0 = left, y0 = height - top, x1 = right, y1 = height - bot;
        double h = y1 - y0;
        if (have_prev) {
            double gap = x0 - px1;
            double ref_h = h > ph ? h : ph;
            if (ref_h < 4.0) ref_h = 4.0;
            int same_line = y0 < py1 && y1 > py0;
            if (same_line && Py_UNICODE_ISDIGIT(ch)) {
                double size = font_size(tp, (int)i);
                if (prev_size == 0.0) prev_size = font_size(tp, (int)i - 1);
                int raised = y1 < py1 - 0.2 * ref_h;
                if (size != 0.0 && prev_size != 0.0 && size < 0.8 * prev_size && raised
                    && !Py_UNICODE_ISDIGIT(b.chars[b.nchars - 1]))
                    continue; /* superscript footnote marker */
            }
            if (!same_line || gap > 2.2 * ref_h || gap < -3 * ref_h) {
                if (emit(out, &b, rx0, rtop, rx1, rbottom) < 0) goto fail;
                rx0 = rtop = 1e9;
                rx1 = rbottom = -1e9;
            } else if (gap > 0.1 * h && Py_UNICODE_ISALPHA(ch) && b.nchars
                       && Py_UNICODE_ISALPHA(b.chars[b.nchars - 1])) {
                double size = font_size(tp, (int)i);
                if (gap > 0.2 * (size > 1 ? size : h)) {
                    if (push_char(&b, ' ') < 0) goto fail;
                }
            }
        }
        if (push_char(&b, ch) < 0 || push_height(&b, h) < 0) goto fail;
        if (x0 < rx0) rx0 = x0;
        if (x1 > rx1) rx1 = x1;
        if (y0 < rtop) rtop = y0;
        if (y1 > rbottom) rbottom = y1;
        have_prev = 1;
        px1 = x1;
        py0 = y0;
        py1 = y1;
        ph = h;
        prev_size = 0.0;
    }
    if (b.nchars && emit(out, &b, rx0, rtop, rx1, rbottom) < 0) goto fail;
    PyMem_Free(b.chars);
    PyMem_Free(b.heights);
    return out;
fail:
    PyMem_Free(b.chars);
    PyMem_Free(b.heights);
    Py_DECREF(out);
    if (!PyErr_Occurred()) PyErr_NoMemory();
    return NULL;
}

static PyMethodDef methods[] = {
    {"runs", runs, METH_VARARGS,
     "runs(text, textpage, box_fn, size_fn, page_height) -> [(text, x0, top, x1, bottom, heights)]\n"
     "The runs of a pdfium text page; the addresses are of the text page and of pdfium's\n"
     "FPDFText_GetCharBox and FPDFText_GetFontSize."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_charruns", NULL, -1, methods};

PyMODINIT_FUNC PyInit__charruns(void) { return PyModule_Create(&module); }
