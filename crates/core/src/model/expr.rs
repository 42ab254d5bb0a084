//! Formulas that compute and explain themselves. A scheme writes a paragraph's arithmetic once,
//! with [`X`] values (`rate × min(income, threshold)`); while a case is explained, each `X`
//! also carries the formula as a tree ([`Node`]), which the explanation writes with the numbers
//! filled in, in either language (`30 % × min(15600.00, 16323.00) = 4680.00`). With tracing off
//! the tree is never built: an `X` is then a decimal and a flag.
//!
//! Arithmetic is checked: an overflow or a division by zero makes the value unusable, and the
//! step that records it refuses the case instead of panicking.

use std::ops::{Add, Div, Mul, Sub};

use rust_decimal::Decimal;

use crate::text::Lang;
use crate::text::format::{Style, write};
use crate::values::rounding::Rounding;
use crate::values::value::Value;

/// A number in a formula, with the formula that made it while tracing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct X {
    /// `None` after an overflow or a division by zero.
    pub(crate) v: Option<Decimal>,
    pub(crate) f: F,
}

/// The formula behind an [`X`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum F {
    /// Not traced.
    Off,
    /// A constant of the formula itself (`÷ 12`), kept unboxed until combined with a traced value.
    Lit(Decimal),
    Node(Box<Node>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "−",
            Op::Mul => "×",
            Op::Div => "÷",
        }
    }

    fn precedence(self) -> u8 {
        match self {
            Op::Add | Op::Sub => 1,
            Op::Mul | Op::Div => 2,
        }
    }
}

/// A formula as a tree, to be written in a reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A named value: an input, a parameter, or an earlier step's result. `labelled` writes
    /// its term before it (`wage 15600.00`), for sums whose parts a reader must tell apart.
    Leaf {
        name: &'static str,
        scope: &'static str,
        shown: Value,
        labelled: bool,
    },
    /// A constant of the formula (`12` months a year).
    Lit(Decimal),
    Bin(Op, Box<Node>, Box<Node>),
    /// `min(a, b, …)` or `max(a, b, …)`.
    Call(&'static str, Vec<Node>),
    /// A named rounding of the rule set: written `… = exact → rounded` at the top of a step.
    Round {
        name: &'static str,
        rounding: Rounding,
        exact: Decimal,
        inner: Box<Node>,
    },
}

impl F {
    fn into_node(self) -> Option<Node> {
        match self {
            F::Off => None,
            F::Lit(d) => Some(Node::Lit(d)),
            F::Node(n) => Some(*n),
        }
    }

    fn traced(&self) -> bool {
        matches!(self, F::Node(_))
    }
}

impl X {
    /// A constant of the formula (`X::lit(12)`).
    pub fn lit(d: impl Into<Decimal>) -> X {
        let d = d.into();
        X {
            v: Some(d),
            f: F::Lit(d),
        }
    }

    /// A named value; `traced` decides whether the tree is kept.
    pub(crate) fn leaf(
        traced: bool,
        scope: &'static str,
        name: &'static str,
        v: Decimal,
        shown: Value,
    ) -> X {
        X {
            v: Some(v),
            f: if traced {
                F::Node(Box::new(Node::Leaf {
                    name,
                    scope,
                    shown,
                    labelled: false,
                }))
            } else {
                F::Off
            },
        }
    }

    /// The value, unless the arithmetic overflowed or divided by zero.
    pub fn value(&self) -> Option<Decimal> {
        self.v
    }

    /// Writes this leaf with its term before it (`wage 15600.00`).
    pub fn labelled(mut self) -> X {
        if let F::Node(n) = &mut self.f
            && let Node::Leaf { labelled, .. } = n.as_mut()
        {
            *labelled = true;
        }
        self
    }

    fn combine(self, other: X, op: Op, v: Option<Decimal>) -> X {
        let f = if self.f.traced() || other.f.traced() {
            match (self.f.into_node(), other.f.into_node()) {
                (Some(a), Some(b)) => F::Node(Box::new(Node::Bin(op, Box::new(a), Box::new(b)))),
                _ => F::Off,
            }
        } else {
            F::Off
        };
        X { v, f }
    }

    fn call(name: &'static str, xs: Vec<X>, v: Option<Decimal>) -> X {
        let f = if xs.iter().any(|x| x.f.traced()) {
            let nodes: Option<Vec<Node>> = xs.into_iter().map(|x| x.f.into_node()).collect();
            nodes.map_or(F::Off, |n| F::Node(Box::new(Node::Call(name, n))))
        } else {
            F::Off
        };
        X { v, f }
    }

    pub fn min(self, other: X) -> X {
        let v = self.v.zip(other.v).map(|(a, b)| a.min(b));
        X::call("min", vec![self, other], v)
    }

    pub fn max(self, other: X) -> X {
        let v = self.v.zip(other.v).map(|(a, b)| a.max(b));
        X::call("max", vec![self, other], v)
    }

    /// `max(0, self)`: an amount that cannot go below zero.
    pub fn at_least_zero(self) -> X {
        X::lit(0).max(self)
    }

    /// Rounded by a named rounding of the rule set.
    pub fn round(self, name: &'static str, rounding: Rounding) -> X {
        let v = self.v.map(|d| rounding.apply(d));
        let f = match (self.v, self.f) {
            (Some(exact), F::Node(inner)) => F::Node(Box::new(Node::Round {
                name,
                rounding,
                exact,
                inner,
            })),
            (_, f @ (F::Off | F::Lit(_))) => match (f, v) {
                (F::Lit(_), Some(r)) => F::Lit(r),
                _ => F::Off,
            },
            (None, F::Node(_)) => F::Off,
        };
        X { v, f }
    }

    pub(crate) fn into_parts(self) -> (Option<Decimal>, Option<Node>) {
        let node = match self.f {
            F::Node(n) => Some(*n),
            _ => None,
        };
        (self.v, node)
    }
}

impl Add for X {
    type Output = X;
    fn add(self, o: X) -> X {
        let v = self.v.zip(o.v).and_then(|(a, b)| a.checked_add(b));
        self.combine(o, Op::Add, v)
    }
}

impl Sub for X {
    type Output = X;
    fn sub(self, o: X) -> X {
        let v = self.v.zip(o.v).and_then(|(a, b)| a.checked_sub(b));
        self.combine(o, Op::Sub, v)
    }
}

impl Mul for X {
    type Output = X;
    fn mul(self, o: X) -> X {
        let v = self.v.zip(o.v).and_then(|(a, b)| a.checked_mul(b));
        self.combine(o, Op::Mul, v)
    }
}

impl Div for X {
    type Output = X;
    fn div(self, o: X) -> X {
        let v = self.v.zip(o.v).and_then(|(a, b)| a.checked_div(b));
        self.combine(o, Op::Div, v)
    }
}

impl Node {
    /// The named values of the formula, in the order they are written, each once.
    pub fn leaves(&self, out: &mut Vec<(&'static str, Value)>) {
        match self {
            Node::Leaf { name, shown, .. } => {
                if !out.iter().any(|(n, _)| n == name) {
                    out.push((name, shown.clone()));
                }
            }
            Node::Lit(_) => {}
            Node::Bin(_, a, b) => {
                a.leaves(out);
                b.leaves(out);
            }
            Node::Call(_, args) => args.iter().for_each(|a| a.leaves(out)),
            Node::Round { inner, .. } => inner.leaves(out),
        }
    }

    /// The formula with its numbers, in `lang`: `30 % × min(15600.00, 16323.00)`.
    /// `term` writes a labelled leaf's name in the reader's language.
    pub fn write(&self, lang: Lang, term: &dyn Fn(&'static str, &'static str) -> String) -> String {
        let mut out = String::new();
        self.write_into(&mut out, lang, term, 0, false);
        out
    }

    fn write_into(
        &self,
        out: &mut String,
        lang: Lang,
        term: &dyn Fn(&'static str, &'static str) -> String,
        parent: u8,
        right: bool,
    ) {
        match self {
            Node::Leaf {
                name,
                scope,
                shown,
                labelled,
            } => {
                if *labelled {
                    out.push_str(&term(scope, name));
                    out.push(' ');
                }
                out.push_str(&write(shown, lang, Style::Formula));
            }
            Node::Lit(d) => out.push_str(&write(&Value::Number(*d), lang, Style::Formula)),
            Node::Bin(op, a, b) => {
                let p = op.precedence();
                // Parentheses where the reader would otherwise group differently: a lower
                // precedence inside a higher one, or an equal one on the right of − and ÷.
                let wrap = p < parent || (p == parent && right);
                if wrap {
                    out.push('(');
                }
                a.write_into(out, lang, term, p, false);
                out.push(' ');
                out.push_str(op.symbol());
                out.push(' ');
                let right_strict = matches!(op, Op::Sub | Op::Div);
                b.write_into(out, lang, term, p, right_strict);
                if wrap {
                    out.push(')');
                }
            }
            Node::Call(name, args) => {
                out.push_str(name);
                out.push('(');
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    a.write_into(out, lang, term, 0, false);
                }
                out.push(')');
            }
            Node::Round { inner, .. } => inner.write_into(out, lang, term, parent, right),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::rounding::RoundingMode;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn kr(name: &'static str, v: &str) -> X {
        X::leaf(true, "test", name, d(v), Value::Amount(d(v)))
    }

    fn written(x: &X) -> String {
        let node = x.clone().into_parts().1.unwrap();
        node.write(Lang::En, &|_, n| n.to_string())
    }

    #[test]
    fn a_formula_computes_and_writes_itself() {
        let rate = X::leaf(true, "test", "low_rate", d("0.30"), Value::Percent(d("30")));
        let x = rate * kr("income", "15600").min(kr("threshold", "16323"));
        assert_eq!(x.value(), Some(d("4680.00")));
        assert_eq!(written(&x), "30 % × min(15600.00, 16323.00)");
        let y = (kr("a", "10") - kr("b", "4")) * X::lit(2) / (X::lit(3) - kr("c", "1"));
        assert_eq!(written(&y), "(10.00 − 4.00) × 2 ÷ (3 − 1.00)");
        assert_eq!(
            written(&(kr("a", "1") - (kr("b", "2") - kr("c", "3")))),
            "1.00 − (2.00 − 3.00)"
        );
        assert_eq!(
            written(&(kr("a", "1") + kr("b", "2") + kr("c", "3"))),
            "1.00 + 2.00 + 3.00"
        );
    }

    #[test]
    fn untraced_formulas_keep_no_tree_and_overflow_is_caught() {
        let a = X::leaf(false, "test", "a", Decimal::MAX, Value::None);
        let b = X::leaf(false, "test", "b", d("2"), Value::None);
        let x = a.clone() * b.clone() + X::lit(1);
        assert_eq!(x.f, F::Off);
        assert_eq!(x.value(), None);
        assert_eq!((b / X::lit(0)).value(), None);
        let r = Rounding {
            scale: 0,
            mode: RoundingMode::HalfUp,
        };
        assert_eq!(kr("x", "377.5").round("atp", r).value(), Some(d("378")));
    }
}
