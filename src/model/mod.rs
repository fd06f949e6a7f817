//! The edition's data model: plain data, no I/O. `load` fills it from `content/`,
//! `render` reads it.

pub mod chapter;
pub mod document;
pub mod edtf;
pub mod entity;
pub mod ids;
pub mod page;
pub mod sidecar;
pub mod slug;

pub use chapter::{Chapter, ChapterMeta};
pub use entity::{Entity, Kind};
pub use ids::{ChapterId, EntityId, ParaId};
pub use sidecar::Sidecar;
