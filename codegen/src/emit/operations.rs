//! Emitting the operation registry.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use crate::ir::OperationDef;

/// The `operations` module.
pub fn emit(operations: &[OperationDef]) -> TokenStream {
    let consts = operations.iter().map(|op| {
        let name = format_ident!("{}", op.const_name);
        let doc = docs::attrs(&op.docs);
        let id = &op.id;
        let method = &op.method;
        let path = &op.path;
        let (success_status, success_type) = (&op.success.0, &op.success.1);
        let (failure_status, failure_type) = (&op.failure.0, &op.failure.1);
        let success = format_ident!("{}", success_type);
        let failure = format_ident!("{}", failure_type);
        quote! {
            #doc
            pub const #name: crate::Operation = crate::Operation {
                id: #id,
                method: #method,
                path_template: #path,
                success_status: #success_status,
                success_type: #success_type,
                failure_status: #failure_status,
                failure_type: #failure_type,
                decode: rt::decode_response::<types::#success, types::#failure>,
            };
        }
    });
    let names = operations
        .iter()
        .map(|op| format_ident!("{}", op.const_name));
    quote! {
        /// Every operation of the API, with what it needs to decode its
        /// responses.
        pub mod operations {
            use crate::__private as rt;
            use super::types;

            #(#consts)*

            /// Every operation, in the order the schema lists them.
            pub const ALL: &[crate::Operation] = &[#(#names),*];
        }
    }
}
