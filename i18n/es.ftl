## Interfaz del sitio en español. Cada mensaje existe también en en.ftl.

language-name = Español
language-selection = Selección de idioma
skip-link = Saltar al contenido principal
nav-label = Navegación principal
nav-home = Inicio
nav-timeline = Cronología
nav-map = Mapa del aviso de viaje
date-modified = Fecha de modificación
footer-about = Informe bilingüe sobre la cooperación en seguridad entre México y Canadá. Cada dato procede de una fuente citada.
map-credit = Límites de las entidades federativas: Natural Earth (dominio público).

## Fechas. Los nombres de los meses van en minúscula, como en español.

month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
date-long = { $day } de { $month } de { $year }
date-month-year = { $month } de { $year }

## Tipos de acontecimiento. Un tipo existe cuando ambos archivos definen kind-<clave>.

kind-agreement = Acuerdo
kind-advisory = Aviso de viaje
kind-call = Llamada

## Niveles del aviso de viaje de Canadá.

level-normal = Tomar las precauciones de seguridad normales
level-caution = Actuar con un alto grado de precaución
level-avoid-non-essential = Evitar los viajes no esenciales
level-avoid-all = Evitar todo viaje
level-names-note = Los nombres de los niveles, en español y en inglés, son una redacción propia de este sitio a partir del español del artículo, no una denominación oficial. El artículo dice:
# The article's own words for the one level it gives (quoted in Spanish on every page).
level-names-source = evitar visitas no esenciales
level-not-listed = No figura en este aviso
state-count =
    { $count ->
        [one] 1 estado
       *[other] { $count } estados
    }
entity-count =
    { $count ->
        [one] 1 entidad federativa
       *[other] { $count } entidades federativas
    }

## Página de elección de idioma y página 404.

not-found-title = Página no encontrada
not-found-text = No encontramos la página que busca. Puede que la dirección haya cambiado.
not-found-home = Ir a la página de inicio en español

## Inicio y cronología.

home-latest = Acontecimientos anteriores
home-newest = Acontecimiento más reciente
home-advisory-sources = Las fuentes del aviso
home-advisory = Aviso de viaje más reciente registrado aquí
home-advisory-line = { $issuer }, { $date }
see-timeline = Ver la cronología completa
see-map = Ver el mapa por entidad
timeline-intro = Acontecimientos de la cooperación en seguridad entre México y Canadá, del más reciente al más antiguo.
timeline-empty = Todavía no hay acontecimientos.
timeline-filtered = Cronología: { $filter }
timeline-filters = Filtros de la cronología
filter-by-kind = Por tipo:
filter-by-year = Por año:
filter-all = Todos

## Acontecimiento.

event-kind = Tipo
event-date = Fecha
event-people = Participantes
event-states = Entidades a las que se refiere
event-advisory = Niveles por entidad federativa
event-quotes = Declaraciones
event-sources = Fuentes
event-previous = Anterior
event-next = Siguiente
event-pagination = Otros acontecimientos
back-to-timeline = Volver a la cronología
quote-translation = Traducción al { $code ->
        [en] inglés
       *[es] español
    }
source-language =
    { $code ->
        [es] en español
        [en] en inglés
       *[other] en otro idioma
    }
source-kind-news-article = Artículo de prensa
source-kind-official-page = Página oficial
source-kind-press-release = Comunicado
source-kind-document = Documento
source-not-recorded = No se registraron:
source-field-headline = titular
source-field-publisher = medio
source-field-date = fecha
source-excerpt = Pasaje que respalda este contenido:

## Mapa, entidades y avisos.

map-intro = Nivel del aviso de viaje de Canadá para cada entidad federativa de México, según el aviso más reciente registrado aquí.
map-svg-title = Mapa de México con el nivel del aviso de viaje de Canadá por entidad federativa
map-legend = Leyenda
map-table-caption = Nivel del aviso por entidad federativa
map-no-advisory = Todavía no hay ningún aviso de viaje registrado.
map-exceptions = Excepciones y notas
map-history = Avisos registrados
table-state = Entidad
table-level = Nivel
table-notes = Notas
state-label = { $name }: { $level }
official-advice-intro = Para comprobar el nivel vigente, consulte
official-advice-link = los consejos de viaje oficiales del Gobierno de Canadá para México
not-listed-explained = Este aviso no nombra ningún nivel para esta entidad federativa, lo que no significa que sea segura.
not-listed-explained-plural = Las entidades federativas que no figuran en este aviso no tienen en él ningún nivel, lo que no significa que sean seguras.
advisory-note = Nota:
advisory-issuer = Emisor
advisory-date = Fecha del aviso
advisory-title = Aviso de viaje del { $date }
advisory-listed = Entidades que nombra el aviso
advisory-not-listed-note = Las demás entidades federativas no figuran en este aviso: no nombra ningún nivel para ellas, lo que no significa que sean seguras, y el sitio no les asigna ninguno.
advisory-changes = Cambios respecto al aviso anterior ({ $date })
advisory-changes-none = Cambios respecto al aviso anterior
advisory-first = Es el primer aviso registrado: no hay uno anterior con el cual compararlo.
advisory-no-changes = Ningún cambio de nivel ni de notas respecto al aviso anterior.
advisory-previous = Aviso anterior
advisory-next = Aviso siguiente
change-added = Añadida al aviso
change-removed = Retirada del aviso
change-raised = Nivel más alto
change-lowered = Nivel más bajo
change-note-changed = Notas modificadas
change-from-to = de «{ $from }» a «{ $to }»
state-current = Nivel en el aviso más reciente registrado aquí
state-locator = Ubicación de { $name } en México
state-history = Historial en los avisos
state-events = Acontecimientos relacionados
state-no-events = Ningún acontecimiento de la cronología se refiere a esta entidad.
state-events-more = Se muestran los { $shown } más recientes de { $total } acontecimientos.
back-to-map = Volver al mapa

## Search (shown only when search.js runs).

search-label = Buscar en el sitio
search-results =
    { $count ->
        [0] Ningún resultado
        [one] 1 resultado
       *[other] { $count } resultados
    }
search-kind-state = Entidad federativa
search-kind-advisory = Aviso de viaje
search-kind-page = Página

## Items not yet translated (allow_partial_translations).

untranslated-text = Este contenido todavía no está disponible en español.
untranslated-link = Leer en español

## Timeline pages (when a listing is longer than timeline_page_size).

listing-page = { $title }, página { $page }
pagination-label = Páginas de la cronología
pagination-status = Página { $page } de { $pages }
pagination-previous = Acontecimientos más recientes
pagination-next = Acontecimientos anteriores

## Datos abiertos: la página de datos, sus descargas y sus columnas.

nav-data = Datos abiertos
data-intro = Los acontecimientos de la cronología y cada versión del aviso de viaje, en archivos CSV y JSON para descargar, con el significado de cada columna.
footer-data = Datos abiertos (CSV, JSON)
footer-feed = Canal Atom
data-downloads = Descargas
data-dataset-events = Acontecimientos
data-dataset-events-about = Una fila por acontecimiento publicado de la cronología, del más antiguo al más reciente, con su texto en español.
data-dataset-advisories = Aviso de viaje por entidad federativa
data-dataset-advisories-about = Una fila por versión del aviso y entidad federativa ({ $snapshots } versiones × { $entities } entidades), de la versión más antigua a la más reciente, las entidades en el orden del INEGI. Una entidad que una versión no nombra tiene el nivel «not-listed», para que la historia pueda graficarse directamente desde el archivo.
data-rows =
    { $count ->
        [one] 1 fila
       *[other] { $count } filas
    }
data-columns = Columnas
data-column = Columna
data-meaning = Significado
data-format-note = Los archivos CSV siguen la RFC 4180: UTF-8, una fila de encabezado, separados por comas, entre comillas cuando hace falta. Un texto que empieza con =, +, -, @, un tabulador o un retorno de carro empieza con un apóstrofo en el CSV, para que ninguna hoja de cálculo lo tome por una fórmula; los archivos JSON dan cada texto tal como está escrito. En el CSV, los elementos de una lista se separan con «{ $separator }»; en el JSON son listas, y un valor vacío es null.
data-terms = Fuentes y condiciones de reutilización
data-terms-content = Cada fila indica de dónde vienen sus datos: un acontecimiento enumera sus fuentes, y una fila del aviso enlaza la página de su versión, que cita el aviso. Lo citado de las fuentes queda sujeto a las condiciones de cada una. Este sitio no declara una licencia propia para sus textos.
data-terms-boundaries = Los nombres y códigos de las entidades federativas acompañan los límites dibujados en el mapa: Natural Earth, de dominio público.
data-modified = Los archivos cambian cada vez que cambia el contenido; su fecha de modificación es la que aparece al pie de esta página, la más reciente de los acontecimientos y avisos que contienen.
data-col-events-id = El identificador del acontecimiento: el nombre de su archivo, el mismo en todos los idiomas.
data-col-events-date = La fecha del acontecimiento (AAAA-MM-DD).
data-col-events-updated = La fecha de la última corrección de la entrada, si la hubo (AAAA-MM-DD); vacío si no.
data-col-events-kind = El tipo de acontecimiento, como clave (la misma en todos los idiomas).
data-col-events-kind_label = El tipo de acontecimiento, como lo nombra el sitio en este idioma.
data-col-events-title = El título.
data-col-events-summary = El resumen, en texto sin formato.
data-col-events-people = Las personas nombradas.
data-col-events-states = Las entidades federativas a las que se refiere, como códigos ISO 3166-2 (MX-CHH).
data-col-events-url = La página del acontecimiento en este sitio.
data-col-events-sources = Las fuentes, una por línea: la dirección de cada una, o su editor, título y fecha si no tiene dirección, y el pasaje que respalda el acontecimiento, citado en el idioma de la fuente (en JSON, un objeto por fuente: su tipo, título, editor, fecha, dirección, idioma, el pasaje y el pasaje en español).
data-col-advisories-snapshot_date = La fecha de la versión del aviso (AAAA-MM-DD).
data-col-advisories-issuer = Quién emitió el aviso.
data-col-advisories-iso_code = El código ISO 3166-2 de la entidad federativa (MX-CHH).
data-col-advisories-inegi_code = La clave INEGI de la entidad federativa (01 a 32).
data-col-advisories-entity = El nombre de la entidad federativa en español.
data-col-advisories-level = El nivel, como clave: normal, caution, avoid-non-essential, avoid-all o not-listed.
data-col-advisories-level_label = El nivel, como lo nombra el sitio en este idioma.
data-col-advisories-note = Lo que la versión dice de esta entidad, si dice algo.
data-col-advisories-advisory_note = La salvedad que acompaña a las entidades que la versión enumera, en sus filas; vacío en las demás.
data-col-advisories-advisory_url = La página de la versión en este sitio.
data-col-advisories-state_url = La página de la entidad federativa en este sitio.
data-col-events-text_language = El idioma del título y del resumen (es, en): el de este archivo, o el del original si el acontecimiento aún no está traducido.
data-col-advisories-text_language = El idioma del emisor y de las notas (es, en): el de este archivo, o el del original si la versión aún no está traducida.
