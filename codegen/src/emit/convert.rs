//! Emitting the `From` conversions from response types to request types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::ident;
use crate::ir::{Conversion, ConversionKind, UnionArm, ValueConversion};

/// One `impl From<Response> for Request`.
pub fn emit(conversion: &Conversion) -> TokenStream {
    let from = format_ident!("{}", conversion.from);
    let to = format_ident!("{}", conversion.to);
    let (body, extra_doc) = match &conversion.kind {
        ConversionKind::Struct { fields, missing } => {
            let fields = fields.iter().map(|f| {
                let (source, target) = (ident(&f.from), ident(&f.to));
                let value = if f.from_optional {
                    option(&f.value, quote!(value.#source))
                } else {
                    let converted = convert(&f.value, quote!(value.#source));
                    if f.wrap_some {
                        quote!(Some(#converted))
                    } else {
                        converted
                    }
                };
                quote!(#target: #value,)
            });
            let missing = missing.iter().map(|m| {
                let m = ident(m);
                quote!(#m: None,)
            });
            (
                quote! {
                    Self {
                        #(#fields)*
                        #(#missing)*
                        unknown_members: value.unknown_members,
                    }
                },
                None,
            )
        }
        ConversionKind::Union { arms, open } => {
            let mut whys = Vec::new();
            let arms = arms
                .iter()
                .map(|arm| match arm {
                    UnionArm::Convert {
                        from: a,
                        to: b,
                        value: v,
                    } => {
                        let (a, b) = (ident(a), ident(b));
                        let converted = convert(v, quote!(value));
                        quote!(#from::#a(value) => Self::#b(#converted),)
                    }
                    UnionArm::AsReceived { from: a } => {
                        let a = ident(a);
                        quote!(#from::#a(value) => Self::Other(rt::members_of(&value)),)
                    }
                    UnionArm::Fallback {
                        from: a,
                        direct,
                        to: b,
                        to_type,
                        copied,
                        absent,
                        why,
                    } => {
                        whys.push(why.clone());
                        let (a, b) = (ident(a), ident(b));
                        let to_type = format_ident!("{}", to_type);
                        let copied = copied.iter().map(|(source, target, wrap)| {
                            let (source, target) = (ident(source), ident(target));
                            if *wrap {
                                quote!(#target: Some(value.#source),)
                            } else {
                                quote!(#target: value.#source,)
                            }
                        });
                        let absent = absent.iter().map(|m| {
                            let m = ident(m);
                            quote!(#m: None,)
                        });
                        let instead = quote! {
                            Self::#b(#to_type {
                                #(#copied)*
                                #(#absent)*
                                unknown_members: crate::UnknownMembers::default(),
                            })
                        };
                        match direct {
                            Some((variant, ty, fields)) => {
                                let variant = ident(variant);
                                let ty = format_ident!("{}", ty);
                                let needed: Vec<_> = fields
                                    .iter()
                                    .filter(|f| f.needed)
                                    .map(|f| ident(&f.from))
                                    .collect();
                                let inits = fields.iter().map(|f| {
                                    let (source, target) = (ident(&f.from), ident(&f.to));
                                    if f.needed && source == target {
                                        quote!(#target,)
                                    } else if f.needed {
                                        quote!(#target: #source,)
                                    } else {
                                        quote!(#target: value.#source,)
                                    }
                                });
                                let direct = quote! {
                                    Self::#variant(#ty {
                                        #(#inits)*
                                        unknown_members: value.unknown_members,
                                    })
                                };
                                match needed.as_slice() {
                                    [one] => quote! {
                                        #from::#a(value) => match value.#one {
                                            Some(#one) => #direct,
                                            None => #instead,
                                        },
                                    },
                                    _ => quote! {
                                        #from::#a(value) => match (#(value.#needed,)*) {
                                            (#(Some(#needed),)*) => #direct,
                                            _ => #instead,
                                        },
                                    },
                                }
                            }
                            None => quote!(#from::#a(value) => #instead,),
                        }
                    }
                })
                .collect::<Vec<_>>();
            let other = if *open {
                quote!(#from::Other(members) => Self::Other(members),)
            } else {
                quote!()
            };
            (
                quote! {
                    match value {
                        #(#arms)*
                        #other
                    }
                },
                (!whys.is_empty()).then(|| whys.join("; ")),
            )
        }
    };
    let mut doc = vec![format!(
        " The request form of a `{}`, to send back what the API returned: read-only members are left out, everything else (unknown members included) is kept.",
        conversion.from
    )];
    if let Some(why) = extra_doc {
        doc.push(String::new());
        doc.push(format!(
            " An alternative that cannot be sent back as it is becomes another: {why}."
        ));
    }
    quote! {
        #(#[doc = #doc])*
        impl From<#from> for #to {
            // Compiled where it is used: most programs never convert.
            #[inline]
            fn from(value: #from) -> Self {
                #body
            }
        }
    }
}

/// `expr` (of the response type) converted.
fn convert(value: &ValueConversion, expr: TokenStream) -> TokenStream {
    match value {
        ValueConversion::Same => expr,
        ValueConversion::Into => quote!(#expr.into()),
        ValueConversion::Vec(inner) => {
            let item = convert(inner, quote!(item));
            quote!(#expr.into_iter().map(|item| #item).collect())
        }
        ValueConversion::Map(inner) => {
            let item = convert(inner, quote!(item));
            quote!(#expr.into_iter().map(|(key, item)| (key, #item)).collect())
        }
        ValueConversion::Nullable(inner) => {
            let item = convert(inner, quote!(item));
            quote!(crate::Nullable::from(#expr.into_option().map(|item| #item)))
        }
    }
}

/// An optional `expr` converted.
fn option(value: &ValueConversion, expr: TokenStream) -> TokenStream {
    match value {
        ValueConversion::Same => expr,
        _ => {
            let item = convert(value, quote!(item));
            quote!(#expr.map(|item| #item))
        }
    }
}
