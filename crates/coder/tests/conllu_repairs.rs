//! Repairs of UDPipe errors in CoNLL-U parses before coding; sentences and
//! dictionaries written for these tests.

use tidings_coder::conllu::parse_conllu;
use tidings_coder::Coder;
use tidings_dict::Dictionaries;

#[test]
fn a_subject_tagged_as_a_verb_with_only_nominal_dependents_is_a_noun() {
    // `Arnor on Monday fired shells at Gondor.` with `Arnor` tagged VERB
    let rows = [
        "1\tArnor\tArnor\tVERB\tVBG\tVerbForm=Ger\t4\tnsubj\t_\t_",
        "2\ton\ton\tADP\tIN\t_\t3\tcase\t_\t_",
        "3\tMonday\tMonday\tPROPN\tNNP\t_\t1\tnmod\t_\t_",
        "4\tfired\tfire\tVERB\tVBD\t_\t0\troot\t_\t_",
        "5\tshells\tshell\tNOUN\tNNS\t_\t4\tobj\t_\t_",
        "6\tat\tat\tADP\tIN\t_\t7\tcase\t_\t_",
        "7\tGondor\tGondor\tPROPN\tNNP\t_\t5\tnmod\t_\t_",
        "8\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_",
    ];
    let tree = parse_conllu(&(rows.join("\n") + "\n")).unwrap();
    assert_eq!(tree.tokens[0].tag, "NNP");
    assert!(tree.to_penn().starts_with("(ROOT (S (NP (NP (NNP Arnor))"), "{}", tree.to_penn());
    let (d, diags) =
        Dictionaries::from_texts("--- FIRE [190] ---\nFIRE {FIRED}\n", &["ARNOR [ARN]\nGONDOR [GON]\n"], "", "");
    assert!(diags.is_empty(), "{diags:?}");
    let ev: Vec<_> = Coder::new(d)
        .code(&tree, None)
        .into_iter()
        .map(|e| (e.source.map(|a| a.code), e.target.map(|a| a.code), e.code))
        .collect();
    assert_eq!(ev, vec![(Some("ARN".to_string()), Some("GON".to_string()), "190".to_string())]);
}

#[test]
fn a_verb_with_its_own_object_stays_a_verb() {
    // `Running the state, Arnor ...`-like: a clausal subject keeps its verb
    let rows = [
        "1\tRunning\trun\tVERB\tVBG\t_\t4\tcsubj\t_\t_",
        "2\tthe\tthe\tDET\tDT\t_\t3\tdet\t_\t_",
        "3\tstate\tstate\tNOUN\tNN\t_\t1\tobj\t_\t_",
        "4\tmatters\tmatter\tVERB\tVBZ\t_\t0\troot\t_\t_",
    ];
    let tree = parse_conllu(&(rows.join("\n") + "\n")).unwrap();
    assert_eq!(tree.tokens[0].tag, "VBG");
}

#[test]
fn an_apposition_with_conjuncts_continues_a_list() {
    // `Arnor, the Shire, Rohan and Bree welcomed Gondor.`: UDPipe makes `the Shire`
    // an apposition of Arnor and the rest its conjuncts
    let rows = [
        "1\tArnor\tArnor\tPROPN\tNNP\t_\t9\tnsubj\t_\t_",
        "2\t,\t,\tPUNCT\t,\t_\t1\tpunct\t_\t_",
        "3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_",
        "4\tShire\tShire\tPROPN\tNNP\t_\t1\tappos\t_\t_",
        "5\t,\t,\tPUNCT\t,\t_\t4\tpunct\t_\t_",
        "6\tRohan\tRohan\tPROPN\tNNP\t_\t4\tconj\t_\t_",
        "7\tand\tand\tCCONJ\tCC\t_\t4\tcc\t_\t_",
        "8\tBree\tBree\tPROPN\tNNP\t_\t4\tconj\t_\t_",
        "9\twelcomed\twelcome\tVERB\tVBD\t_\t0\troot\t_\t_",
        "10\tGondor\tGondor\tPROPN\tNNP\t_\t9\tobj\t_\t_",
        "11\t.\t.\tPUNCT\t.\t_\t9\tpunct\t_\t_",
    ];
    let tree = parse_conllu(&(rows.join("\n") + "\n")).unwrap();
    let actors = "ARNOR [ARN]\nTHE_SHIRE [SHI]\nROHAN [ROH]\nBREE [BRE]\nGONDOR [GON]\n";
    let (d, diags) = Dictionaries::from_texts("--- WELCOME [050] ---\nWELCOME {WELCOMED}\n", &[actors], "", "");
    assert!(diags.is_empty(), "{diags:?}");
    let mut sources: Vec<String> =
        Coder::new(d).code(&tree, None).into_iter().filter_map(|e| e.source.map(|a| a.code)).collect();
    sources.sort();
    assert_eq!(sources, ["ARN", "BRE", "ROH", "SHI"], "{}", tree.to_penn());
}
