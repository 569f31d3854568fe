//! Compound noun phrases: coordinated adjectives, modifiers shared by a bare noun
//! conjunct (PETRARCH-2 dictionaries), and post-modifiers after the last conjunct of
//! a CoNLL-U coordination; sentences and dictionaries written for these tests.

mod common;

use tidings_coder::conllu::parse_conllu;
use tidings_coder::penn::parse_penn;
use tidings_coder::Coder;
use tidings_dict::Dictionaries;

const VERBS: &str = "\
--- WARN [130] ---
WARN {WARNED WARNS}

--- WELCOME [050] ---
WELCOME {WELCOMED}
";

const ACTORS: &str = "\
ARNOR [ARN]
GONDOR [GON]
DANISH [DNK]
ITHILIEN [ITH]
CALIMEHTAR [CAL]
";

const AGENTS: &str = "\
GOVERNMENT [~GOV]
MINISTER [~GOV]
MEDIA [~MED]
LAWMAKERS [~LEG]
OFFICIALS [~GOV]
";

fn coder(petrarch2: bool) -> Coder {
    let (mut d, diags) = Dictionaries::from_texts(VERBS, &[ACTORS], AGENTS, "");
    assert!(diags.is_empty(), "{diags:?}");
    d.verbs.petrarch2 = petrarch2;
    Coder::new(d)
}

fn code(c: &Coder, tree: &tidings_model::tree::Tree) -> Vec<(String, String, String)> {
    common::triples(c.code(tree, None))
}

fn ev(s: &str, t: &str, c: &str) -> (String, String, String) {
    (s.to_string(), t.to_string(), c.to_string())
}

#[test]
fn coordinated_adjectives_are_not_a_compound() {
    let tree = parse_penn(
        "(ROOT (S (NP (NNP Ithilien) (POS 's) (JJ awful) (CC and) (JJ evil) (NN minister) (NNP Calimehtar)) \
         (VP (VBD warned) (NP (NNP Gondor))) (. .)))",
    )
    .unwrap();
    assert_eq!(code(&coder(false), &tree), vec![ev("ITHGOV", "GON", "130")]);
}

#[test]
fn a_bare_noun_conjunct_shares_the_modifiers_with_petrarch2_dictionaries() {
    let tree = parse_penn(
        "(ROOT (S (NP (NP (DT The) (JJ Danish) (NN media)) (CC and) (NP (NN government))) \
         (VP (VBD warned) (NP (NNP Gondor))) (. .)))",
    )
    .unwrap();
    assert_eq!(code(&coder(true), &tree), vec![ev("DNKGOV", "GON", "130"), ev("DNKMED", "GON", "130")]);
    // PETRARCH-1 keeps separate noun phrases apart
    assert_eq!(code(&coder(false), &tree), vec![ev("---GOV", "GON", "130"), ev("DNKMED", "GON", "130")]);
}

#[test]
fn a_modifier_after_the_last_conjunct_modifies_the_coordination() {
    // UD attaches `in Arnor and Gondor` to the first conjunct
    let rows = [
        "1\tLawmakers\tlawmaker\tNOUN\tNNS\t_\t6\tnsubj\t_\t_",
        "2\tand\tand\tCCONJ\tCC\t_\t3\tcc\t_\t_",
        "3\tofficials\tofficial\tNOUN\tNNS\t_\t1\tconj\t_\t_",
        "4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_",
        "5\tArnor\tArnor\tPROPN\tNNP\t_\t1\tnmod\t_\t_",
        "6\twelcomed\twelcome\tVERB\tVBD\t_\t0\troot\t_\t_",
        "7\tGondor\tGondor\tPROPN\tNNP\t_\t6\tobj\t_\t_",
        "8\t.\t.\tPUNCT\t.\t_\t6\tpunct\t_\t_",
    ];
    let tree = parse_conllu(&(rows.join("\n") + "\n")).unwrap();
    let penn = tree.to_penn();
    assert!(penn.contains("(NP (NP (NP (NNS Lawmakers)) (CC and) (NP (NNS officials))) (PP (IN in)"), "{penn}");
    assert_eq!(code(&coder(true), &tree), vec![ev("ARNGOV", "GON", "050"), ev("ARNLEG", "GON", "050")]);
}

#[test]
fn a_comma_at_the_edge_of_a_conllu_noun_phrase_stands_outside_it() {
    // `Arnor officials, in remarks, welcomed Gondor.`: UD attaches the first comma to `remarks`
    let rows = [
        "1\tArnor\tArnor\tPROPN\tNNP\t_\t2\tcompound\t_\t_",
        "2\tofficials\tofficial\tNOUN\tNNS\t_\t7\tnsubj\t_\t_",
        "3\t,\t,\tPUNCT\t,\t_\t5\tpunct\t_\t_",
        "4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_",
        "5\tremarks\tremark\tNOUN\tNNS\t_\t2\tnmod\t_\t_",
        "6\t,\t,\tPUNCT\t,\t_\t7\tpunct\t_\t_",
        "7\twelcomed\twelcome\tVERB\tVBD\t_\t0\troot\t_\t_",
        "8\tGondor\tGondor\tPROPN\tNNP\t_\t7\tobj\t_\t_",
        "9\t.\t.\tPUNCT\t.\t_\t7\tpunct\t_\t_",
    ];
    let tree = parse_conllu(&(rows.join("\n") + "\n")).unwrap();
    let penn = tree.to_penn();
    assert!(penn.contains("(PP (, ,) (PP (IN in) (NP (NNS remarks))))"), "{penn}");
    // the parenthetical is a comma clause; the subject is the source (terminal
    // clause deletion off: `welcomed Gondor` is short)
    let mut c = coder(true);
    c.options.comma_emax = 0;
    assert_eq!(code(&c, &tree), vec![ev("ARNGOV", "GON", "050")]);
}

#[test]
fn a_compound_of_uncoded_nouns_is_no_coded_target() {
    // `a new bombing and shelling offensive` names no actor: the target is Gondor
    let tree = parse_penn(
        "(ROOT (S (NP (NNP Arnor)) (VP (VBD warned) (NP (NP (DT a) (NN bombing)) (CC and) (NP (NN shelling))) \
         (PP (IN against) (NP (NNP Gondor)))) (. .)))",
    )
    .unwrap();
    assert_eq!(code(&coder(false), &tree), vec![ev("ARN", "GON", "130")]);
}
