use proptest::prelude::*;
use std::path::Path;
use tidings_cameo::convert::{self, ConvertError};
use tidings_cameo::defaults::{self, FILES};
use tidings_cameo::format::{self, Day};

fn embedded(name: &str) -> &'static str {
    FILES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).unwrap()
}

#[test]
fn people_round_trip_through_petrarch() {
    let ours = format::parse_people(embedded("people.tsv"), "people.tsv").unwrap();
    let petr = convert::tidings_actors_to_petrarch(embedded("people.tsv")).unwrap();
    let back = convert::parse_petrarch_actors(&petr).unwrap();
    assert_eq!(back.len(), ours.len());
    for (a, b) in ours.iter().zip(&back) {
        assert_eq!(tidings_cameo::petrarch::phrase(&a.name), tidings_cameo::petrarch::phrase(&b.name));
        assert_eq!(a.terms.len(), b.terms.len(), "{}", a.name);
        for (x, y) in a.terms.iter().zip(&b.terms) {
            assert_eq!((&x.code, x.start, x.end, &x.role), (&y.code, y.start, y.end, &y.role), "{}", a.name);
        }
    }
    // And PETRARCH -> tidings -> PETRARCH is the identity on our output.
    let again = convert::tidings_actors_to_petrarch(&convert::petrarch_actors_to_tidings(&petr).unwrap()).unwrap();
    assert_eq!(again, petr);
}

#[test]
fn agents_round_trip() {
    let petr = defaults::agents_petrarch();
    let ours = convert::petrarch_agents_to_tidings(&petr).unwrap();
    let again = convert::tidings_agents_to_petrarch(&ours).unwrap();
    assert_eq!(again, petr);
    assert_eq!(format::parse_agents(&ours, "x").unwrap(), defaults::agents().to_vec());
}

#[test]
fn verbs_round_trip() {
    let petr = defaults::verbs_petrarch();
    let ours = convert::petrarch_verbs_to_tidings(&petr).unwrap();
    let dict = format::parse_verbs(&ours, "x").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(dict.pattern_count(), defaults::verbs().pattern_count());
    assert_eq!(dict.verb_count(), defaults::verbs().verb_count());
    assert_eq!(convert::tidings_verbs_to_petrarch(&ours).unwrap(), petr);
}

#[test]
fn petrarch_examples_convert() {
    let actors = "# comment\nAFGHANISTAN_  [AFG]\n+AFGHAN_\n+KABUL_\n\nKIM_JONG_IL_  # note\n\t[PRKGOV >041201]\n\nJAMES_BYRNES_  ; CountryInfo.txt\n\t[USAELI 18970101-450703]\n\t[USAGOV 450703-470121]\n";
    let t = convert::petrarch_actors_to_tidings(actors).unwrap();
    insta::assert_snapshot!(t);
    let agents = "!PERSON! = MAN, WOMAN\nCONGRESS!PERSON! [~LEG]\nAIR_FORCE {} [~MIL] # ab\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\nHUMAN_RIGHTS_BODY  [NGO~]\n";
    let a = convert::petrarch_agents_to_tidings(agents).unwrap();
    assert!(a.contains("congressman\t~LEG\t-\n") && a.contains("congresswoman\t~LEG\t-\n"), "{a}");
    assert!(a.contains("air force\t~MIL\t-\n") && a.contains("attorney general\t~GOVATG\tattorneys general\n"));
    let verbs = "&CURRENCY\n+MONEY\n+CASH_\n\n--- ASK [---] ---\n+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]\nASK [020]\nQUERY {QUERYING QUERIES QUERIED }\nWIRE_+TAP {WIRE_+TAPS WIRE_+TAPPED WIRE_+TAPPING}\n- * &CURRENCY [0231] # REQUEST\n- * (FOR {FINANCIAL AID}) [0231]\n~ a (a b WILL_ATTACK) SAY = a b 138\n";
    let v = convert::petrarch_verbs_to_tidings(verbs).unwrap();
    insta::assert_snapshot!(v);
}

#[test]
fn malformed_petrarch_is_an_error_not_a_panic() {
    let e = convert::petrarch_actors_to_tidings("\t[USAGOV]\n").unwrap_err();
    assert!(matches!(e, ConvertError::Syntax { line: 1, .. }), "{e}");
    let e = convert::petrarch_actors_to_tidings("X_ [USA]\n\t[USAGOV 2001-02]\n").unwrap_err();
    assert!(matches!(e, ConvertError::Syntax { line: 2, .. }), "{e}");
    let e = convert::petrarch_agents_to_tidings("SOLDIER MIL\n").unwrap_err();
    assert!(matches!(e, ConvertError::Syntax { line: 1, .. }));
    let e = convert::petrarch_verbs_to_tidings("- * TALKS [040]\n").unwrap_err();
    assert!(matches!(e, ConvertError::Syntax { line: 1, .. }));
    assert!(convert::tidings_verbs_to_petrarch("== A 040\nnonsense line\n").is_err());
}

fn shared() -> Option<std::path::PathBuf> {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ref/petrarch2"));
    if p.exists() {
        Some(p.to_path_buf())
    } else {
        println!("skipping: {} not present", p.display());
        None
    }
}

/// The converters read the reference PETRARCH dictionaries (only counts are
/// checked; nothing from them is stored).
#[test]
fn converts_reference_petrarch_dictionaries() {
    let Some(dir) = shared() else { return };
    let read = |n: &str| std::fs::read(dir.join(n)).map(|b| String::from_utf8_lossy(&b).into_owned());
    if let Ok(t) = read("CAMEO.2.0.txt") {
        let (d, errs) = convert::parse_petrarch_verbs_lenient(&t);
        println!(
            "CAMEO.2.0: {} blocks {} verbs {} patterns, {} bad lines",
            d.blocks.len(),
            d.verb_count(),
            d.pattern_count(),
            errs.len()
        );
        assert!(errs.len() < 50);
        assert!(d.pattern_count() > 1000);
    }
    if let Ok(t) = read("Phoenix.agents.txt") {
        let (a, errs) = convert::parse_petrarch_agents_lenient(&t);
        println!(
            "Phoenix.agents: {} agents, {} bad lines, first: {:?}",
            a.len(),
            errs.len(),
            errs.first().map(|e| e.to_string())
        );
        assert!(errs.len() < 50);
        assert!(a.len() > 1000);
    }
    if let Ok(t) = read("PETR.Validate.actors.txt") {
        let (a, errs) = convert::parse_petrarch_actors_lenient(&t);
        println!(
            "PETR.Validate.actors: {} actors, {} bad lines, first: {:?}",
            a.len(),
            errs.len(),
            errs.first().map(|e| e.to_string())
        );
        assert!(errs.len() < 50);
        assert!(a.len() > 50);
    }
}

fn word() -> impl Strategy<Value = String> {
    "[a-z]{2,8}".prop_map(|s| s)
}

proptest! {
    #[test]
    fn people_lines_round_trip(name in proptest::collection::vec(word(), 1..4),
                               y in 1950i32..2030, m in 1u32..13, d in 1u32..29, len in 0i32..3000,
                               open_start in any::<bool>(), open_end in any::<bool>()) {
        let start = Day::new(y, m, d).unwrap();
        let end = Day::new(y + len / 365 + 1, m, d).unwrap();
        let name = name.join(" ");
        let line = format!("{name}\tUSAGOV\t{}\t{}\t\tRole\n",
            if open_start { String::new() } else { start.to_string() },
            if open_end { String::new() } else { end.to_string() });
        let petr = convert::tidings_actors_to_petrarch(&line).unwrap();
        prop_assert!(tidings_cameo::check::check_actors(&petr).is_empty(), "{}", petr);
        let back = convert::parse_petrarch_actors(&petr).unwrap();
        prop_assert_eq!(back.len(), 1);
        prop_assert_eq!(&back[0].name, &name);
        prop_assert_eq!(back[0].terms[0].start, if open_start { None } else { Some(start) });
        prop_assert_eq!(back[0].terms[0].end, if open_end { None } else { Some(end) });
    }

    #[test]
    fn converters_never_panic(s in "\\PC{0,200}") {
        let _ = convert::petrarch_actors_to_tidings(&s);
        let _ = convert::petrarch_agents_to_tidings(&s);
        let _ = convert::petrarch_verbs_to_tidings(&s);
        let _ = convert::tidings_verbs_to_petrarch(&s);
        let _ = convert::tidings_actors_to_petrarch(&s);
        let _ = tidings_cameo::check::check_verbs(&s);
        let _ = tidings_cameo::check::check_actors(&s);
    }

    #[test]
    fn regular_forms_are_lowercase_extensions(w in "[a-z]{3,10}") {
        let f = tidings_cameo::petrarch::regular_forms(&w);
        for x in &f {
            prop_assert!(x.len() >= w.len());
            prop_assert!(x.starts_with(&w[..w.len() - 2]));
        }
    }
}
