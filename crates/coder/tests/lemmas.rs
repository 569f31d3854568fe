//! PETRARCH-2 pattern words name phrase heads, so they match a CoNLL-U parse's
//! lemmas too (`* EFFORT` matches `efforts`); sentences and dictionaries written
//! for these tests.

use tidings_coder::conllu::parse_conllu;
use tidings_coder::Coder;
use tidings_dict::Dictionaries;

fn verbs(petrarch2: bool) -> String {
    // a braced phrase marks PETRARCH-2 dictionaries
    let p2 = if petrarch2 { "- * {NEW RELATIONS} [1951]\n" } else { "" };
    format!("--- ABANDON [1121] ---\nABANDON {{ABANDONED}}\n{p2}- * EFFORT [080]\n")
}

fn code(petrarch2: bool) -> Vec<String> {
    let (d, diags) = Dictionaries::from_texts(&verbs(petrarch2), &["ARNOR [ARN]\nGONDOR [GON]\n"], "", "");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(d.verbs.petrarch2, petrarch2);
    let rows = [
        "1\tArnor\tArnor\tPROPN\tNNP\t_\t2\tnsubj\t_\t_",
        "2\tabandoned\tabandon\tVERB\tVBD\t_\t0\troot\t_\t_",
        "3\tefforts\teffort\tNOUN\tNNS\t_\t2\tobj\t_\t_",
        "4\twith\twith\tADP\tIN\t_\t5\tcase\t_\t_",
        "5\tGondor\tGondor\tPROPN\tNNP\t_\t3\tnmod\t_\t_",
        "6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_",
    ];
    let tree = parse_conllu(&(rows.join("\n") + "\n")).unwrap();
    Coder::new(d).code(&tree, None).into_iter().map(|e| e.code).collect()
}

#[test]
fn petrarch2_pattern_words_match_lemmas() {
    assert_eq!(code(true), vec!["080"]);
    // PETRARCH-1 patterns match the words as written
    assert_eq!(code(false), vec!["1121"]);
}
